#!/usr/bin/env bash
# Runs the tests under ThreadSanitizer and AddressSanitizer, each in its own build folder.
#
#   Scripts/sanitize.sh                 # the whole suite under both sanitizers
#   Scripts/sanitize.sh stress          # only the concurrency stress suite under ThreadSanitizer (CI)
#   Scripts/sanitize.sh thread|address  # the whole suite under one sanitizer
#   Scripts/sanitize.sh stress-repeat N # the stress suite N consecutive times under ThreadSanitizer
#                                       # (built once; stops at the first failure or report)
#
# Release builds: the kernels are optimized code (debug builds run ~100x slower), and the
# sanitizers instrument them all the same. Any report fails the run (halt_on_error).
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-all}"
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1${TSAN_OPTIONS:+ $TSAN_OPTIONS}"
export ASAN_OPTIONS="halt_on_error=1 detect_leaks=0${ASAN_OPTIONS:+ $ASAN_OPTIONS}"

run() { # sanitizer, extra swift-test arguments...
  local sanitizer="$1"; shift
  echo "== swift test --sanitize=$sanitizer $*" >&2
  swift test -c release --sanitize="$sanitizer" --scratch-path ".build-$sanitizer" "$@"
}

case "$mode" in
  stress) run thread --filter ConcurrencyStressTests ;;
  stress-repeat)
    count="${2:-100}"
    run thread --filter ConcurrencyStressTests
    for ((round = 2; round <= count; round++)); do
      if ! log="$(run thread --skip-build --filter ConcurrencyStressTests 2>&1)"; then
        printf '%s\n' "$log"
        echo "sanitize.sh: stress run $round of $count failed" >&2
        exit 1
      fi
    done
    echo "sanitize.sh: $count consecutive stress runs under ThreadSanitizer passed with no report" >&2
    ;;
  thread) run thread ;;
  address) run address ;;
  all) run thread && run address ;;
  *) echo "usage: $0 [all|stress|stress-repeat N|thread|address]" >&2; exit 2 ;;
esac
