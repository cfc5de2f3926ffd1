#!/bin/sh
# Install what is missing, build, and run every test suite through CTest:
#   1. an ASan+UBSan build: unit, spec and functional tests;
#   2. a clang libFuzzer build: each decoder's fuzz target for a short run
#      (LUNABGP_FUZZ_SECONDS, default 10, for the message targets; the nine
#      per-family NLRI targets get half of it, or LUNABGP_FUZZ_NLRI_SECONDS;
#      about 45 s on 2 cores with the defaults);
#   3. the normal build: every suite (unit, spec, functional, conformance).
# The normal build runs last, so the closing line is CTest's summary of all
# suites.  LUNABGP_SKIP_ASAN=1 / LUNABGP_SKIP_FUZZ=1 leave a stage out.
set -e
cd "$(dirname "$0")/.."
scripts/deps.sh --test
if [ "${LUNABGP_SKIP_ASAN:-0}" != 1 ]; then
	scripts/build.sh build-asan -DLUNABGP_SANITIZE=ON
	(cd build-asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j2 -L 'unit|spec|functional' "$@")
fi
if [ "${LUNABGP_SKIP_FUZZ:-0}" != 1 ]; then
	scripts/build.sh build-fuzz -DCMAKE_C_COMPILER=clang -DLUNABGP_FUZZ=ON \
		-DLUNABGP_FUZZ_SECONDS="${LUNABGP_FUZZ_SECONDS:-10}" \
		-DLUNABGP_FUZZ_NLRI_SECONDS="${LUNABGP_FUZZ_NLRI_SECONDS:-}"
	(cd build-fuzz && ctest --output-on-failure -j2 -L fuzz)
fi
scripts/build.sh build
(cd build && ctest --output-on-failure -j2 "$@")
