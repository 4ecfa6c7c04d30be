# KalamDB — the two commands: `make run` and `make test` (each sets up what is missing first).
BUILD_DIR ?= build
JOBS ?= 2
GENERATOR := $(shell command -v ninja >/dev/null 2>&1 && echo "-G Ninja")

.PHONY: all setup build run test test-asan unit e2e sdk sdk-test fuzz soak bench dist clean

all: build

# Installs Debian packages and the pinned DuckDB (idempotent, quick when nothing is missing).
setup:
	@bash scripts/setup.sh

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) $(GENERATOR) -DCMAKE_BUILD_TYPE=Release

# Builds everything; binaries land in build/bin/.
build: setup $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j $(JOBS)

# Starts the server on 127.0.0.1:8080 with data in ./data (config: server.toml if present).
run: build
	$(BUILD_DIR)/bin/kalamdb-server $(if $(wildcard server.toml),--config server.toml,)

# Builds and runs every test: unit tests (GoogleTest), end-to-end tests (real server), the
# TypeScript SDK's tests (Node and headless Chromium) and a short run of every fuzz target.
test: build sdk
	cd $(BUILD_DIR) && ctest --output-on-failure --timeout 900
	$(MAKE) sdk-test
	$(MAKE) fuzz

# The TypeScript SDK @kalamdb/client (sdks/typescript/dist): kalam-link's core compiled to
# WebAssembly by emscripten, and the TypeScript around it. Each part is rebuilt only when its
# sources change.
SDK_DIR := sdks/typescript
SDK_WASM := $(SDK_DIR)/dist/kalam_link.wasm
SDK_JS := $(SDK_DIR)/dist/index.js
$(SDK_WASM): $(filter-out %_test.cc,$(wildcard link/core/*.cc)) $(wildcard link/core/*.h) link/wasm/exports.cc \
             $(SDK_DIR)/scripts/build-wasm.sh
	bash $(SDK_DIR)/scripts/build-wasm.sh
$(SDK_JS): $(wildcard $(SDK_DIR)/src/*) $(SDK_DIR)/tsconfig.json $(SDK_DIR)/package-lock.json
	cd $(SDK_DIR) && npx --no-install tsc -p tsconfig.json && cp src/kalam_link.d.mts dist/
sdk: setup $(SDK_WASM) $(SDK_JS)
	@node $(SDK_DIR)/scripts/size.mjs

# The SDK's node --test suites against a real server (needs `make build sdk`).
sdk-test:
	cd $(SDK_DIR) && KALAMDB_SERVER_BIN=$(CURDIR)/$(BUILD_DIR)/bin/kalamdb-server \
	  node --test --test-concurrency=1 test/

# libFuzzer targets (clang, ASan + UBSan; fuzz/): the committed corpus, then FUZZ_SECONDS of new
# inputs per target.
FUZZ_SECONDS ?= 10
fuzz: setup
	cmake -S fuzz -B $(BUILD_DIR)/fuzz $(GENERATOR) -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD_DIR)/fuzz -j $(JOBS)
	bash fuzz/run.sh $(BUILD_DIR)/fuzz $(FUZZ_SECONDS)

# Unit and end-to-end tests of an ASan + UBSan build (build/asan; not part of `make test`: slower).
test-asan: setup
	cmake -S . -B $(BUILD_DIR)/asan $(GENERATOR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKALAM_SANITIZE=ON >/dev/null
	cmake --build $(BUILD_DIR)/asan -j $(JOBS)
	cd $(BUILD_DIR)/asan && ASAN_OPTIONS=abort_on_error=1:detect_leaks=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  ctest --output-on-failure --timeout 1800

# The long variants: 5 minutes per fuzz target, 20 kill -9 cycles of the crash test, 64 clients of
# mixed load for 5 minutes on a server with small caches (tests/e2e/soak.toml: they fill within a
# minute, so growth after that is a leak; figures in bench/sections/soak.md, part of bench/RESULTS.md).
soak: build
	$(MAKE) fuzz FUZZ_SECONDS=300
	CRASH_CYCLES=20 KALAMDB_SERVER_BIN=$(CURDIR)/$(BUILD_DIR)/bin/kalamdb-server node --test tests/e2e/crash.test.mjs
	LOAD_SECONDS=300 LOAD_REPORT=bench/sections/soak.md LOAD_CONFIG=tests/e2e/soak.toml \
	  KALAMDB_SERVER_BIN=$(CURDIR)/$(BUILD_DIR)/bin/kalamdb-server \
	  node --test tests/e2e/load.test.mjs
	bash bench/assemble.sh

# The release tarball (dist/kalamdb-<version>-linux-x86_64.tar.gz + .sha256): server, CLI, libduckdb.so,
# example config, README, LICENSE (docs/deploy.md).
dist: build
	BUILD_DIR=$(CURDIR)/$(BUILD_DIR) bash scripts/dist.sh

unit: build
	cd $(BUILD_DIR) && ctest --output-on-failure -L unit -j $(JOBS)

e2e: build
	cd $(BUILD_DIR) && ctest --output-on-failure -L e2e

# Benchmarks against PostgreSQL 15 (Release build, wrk and pgbench on loopback); results go to
# bench/RESULTS.md.
bench: build sdk
	@bash scripts/setup.sh --bench
	bash bench/run.sh

clean:
	rm -rf $(BUILD_DIR)
