# tminus — the two commands a new user needs are `make run` and `make test`.
# Everything below installs what is missing (scripts/deps.sh), then drives
# meson + ninja.

BUILD      ?= build
BENCH_BUILD ?= build-bench
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
DEMO_DB    ?= $(BUILD)/demo.db
TMINUS     := $(BUILD)/tminus

.PHONY: all build run test test-asan fuzz bench clean

all: build

build:
	@scripts/deps.sh build
	@[ -f $(BUILD)/build.ninja ] || meson setup $(BUILD) >/dev/null
	@ninja -C $(BUILD)

# Builds the binary, creates the demo workspace if there is none, and serves
# it on http://127.0.0.1:8080 (the first serve prints the admin's one-time
# password). LISTEN=ADDR:PORT serves elsewhere; Ctrl-C stops it.
LISTEN ?= 127.0.0.1:8080
run:
	@scripts/deps.sh build
	@[ -f $(BUILD)/build.ninja ] || meson setup $(BUILD) >/dev/null
	@ninja -C $(BUILD) tminus >/dev/null
	@[ -f $(DEMO_DB) ] || $(TMINUS) --db $(DEMO_DB) demo
	@echo
	@$(TMINUS) --db $(DEMO_DB) launch list
	@echo
	@echo "The demo workspace is $(DEMO_DB): the command line is $(TMINUS) (try 'export TMINUS_DB=$(DEMO_DB)' and 'tminus --help')."
	@echo "Open http://$(LISTEN)/ and sign in (the first serve prints the admin's one-time password below); API clients use tokens (see README)."
	@echo
	@exec $(TMINUS) --db $(DEMO_DB) serve --listen $(LISTEN)

# The whole suite: unit and end-to-end tests, the same under ASan+UBSan,
# valgrind on the CLI paths, and a short run of every fuzz target.
test:
	@scripts/deps.sh test
	@scripts/test.sh

fuzz:
	@scripts/deps.sh test
	@FUZZ_SECONDS=$${FUZZ_SECONDS:-600} FUZZ_COVERAGE=1 scripts/fuzz.sh

bench:
	@scripts/deps.sh bench
	@[ -f $(BENCH_BUILD)/build.ninja ] || meson setup $(BENCH_BUILD) -Dbuildtype=release -Dtests=false >/dev/null
	@ninja -C $(BENCH_BUILD) >/dev/null
	@bench/run.sh $(BENCH_BUILD)/tminus

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) $(BENCH_BUILD)
