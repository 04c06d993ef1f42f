#!/usr/bin/env python3
"""The OpenAPI document as one: src/http/openapi.json and the fragments of
src/http/openapi/*.json (one per part of the API: each an object with
"paths", and optionally "tags" and "components" to add), merged, checked for
a path or component named twice, and written as C (the bytes of the JSON,
as xxd -i writes them) for tminus to serve.

Usage: openapi_merge.py OUTPUT.c MAIN.json [FRAGMENT.json ...]
       openapi_merge.py --json MAIN.json [FRAGMENT.json ...]   (the merged JSON on stdout)
"""
import json
import sys


def merge(main_path, fragments):
    with open(main_path, encoding="utf-8") as f:
        doc = json.load(f)
    for path in sorted(fragments):
        with open(path, encoding="utf-8") as f:
            frag = json.load(f)
        for p, ops in frag.get("paths", {}).items():
            if p in doc["paths"]:
                sys.exit(f"{path}: path {p} is described already")
            doc["paths"][p] = ops
        for t in frag.get("tags", []):
            if any(x["name"] == t["name"] for x in doc.get("tags", [])):
                sys.exit(f"{path}: tag {t['name']} is described already")
            doc.setdefault("tags", []).append(t)
        for kind, items in frag.get("components", {}).items():
            into = doc["components"].setdefault(kind, {})
            for name, v in items.items():
                if name in into:
                    sys.exit(f"{path}: components.{kind}.{name} is described already")
                into[name] = v
    return doc


def main():
    if sys.argv[1] == "--json":
        json.dump(merge(sys.argv[2], sys.argv[3:]), sys.stdout, indent=2, ensure_ascii=False)
        return
    data = json.dumps(merge(sys.argv[2], sys.argv[3:]), indent=2, ensure_ascii=False).encode("utf-8")
    with open(sys.argv[1], "w", encoding="ascii") as out:
        out.write("unsigned char tm_openapi_data[] = {\n")
        for i in range(0, len(data), 12):
            out.write("  " + ", ".join(f"0x{b:02x}" for b in data[i:i + 12]) + ",\n")
        out.write("};\n")
        out.write(f"unsigned int tm_openapi_data_len = {len(data)};\n")


if __name__ == "__main__":
    main()
