print("0 passed, 1 failed"); raise SystemExit(1)
