# Thin wrapper so the two README commands stay short. Everything real is in CMake.
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all build run demo test test-sqlite test-postgres bench format clean

all: build

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)
	npm run build --prefix web/app --silent

# Install, build, prepare the demo database and serve on http://127.0.0.1:8080
run:
	scripts/install-deps.sh
	$(MAKE) build
	scripts/run-demo.sh

# Install, build and run every test (SQLite always; PostgreSQL too when available)
test:
	GRIDGOV_WITH_POSTGRES=1 scripts/install-deps.sh
	$(MAKE) build
	scripts/test.sh

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD)
