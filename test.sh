#!/usr/bin/env bash
# The test command: unit tests, the patches/ regeneration check and the booted-kernel tests.
# Installs what it needs (Debian packages when run as root, the kernel source cache).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
set +e
status=0
# Unit tests first (fast), then the tests that build and boot kernels; one at a time, since
# the kernel tests share one build directory per kernel line.
for project in tests/UtracePatchKit.Tests kernel-tests/UtracePatchKit.KernelTests; do
    dotnet test "$project" -c Release --logger "console;verbosity=normal" 2>&1 | tee -a "$log"
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done
set -e
# One plain closing line for CI, summed over the test projects.
awk '/^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { if ($i == "Passed:") p += $(i+1); if ($i == "Failed:") f += $(i+1) } }
     END { printf "tests: %d passed, %d failed\n", p, f }' FS='[ ,]+' "$log"
exit "$status"
