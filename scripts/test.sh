#!/bin/sh
# Install what is missing, build, and run every test suite through CTest:
# first the normal build (all labels), then an ASan+UBSan build (unit, spec,
# functional).  Ends with CTest's summary line.
set -e
cd "$(dirname "$0")/.."
scripts/deps.sh --test
scripts/build.sh build
(cd build && ctest --output-on-failure -j2 "$@")
if [ "${LUNABGP_SKIP_ASAN:-0}" != 1 ]; then
	scripts/build.sh build-asan -DLUNABGP_SANITIZE=ON
	(cd build-asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j2 -L 'unit|spec|functional' "$@")
fi
