#!/usr/bin/env bash
# Fuzzes OlympusIO's parsers with libFuzzer: builds the Fuzz package with the fuzzer and
# AddressSanitizer, then runs the npy, npz and safetensors targets for SECONDS each (default 60),
# starting from the committed seeds in Fuzz/Corpus. New inputs go to Fuzz/.build/corpus, crashes
# to Fuzz/.build/artifacts; the script fails when any target finds one.
#
#   Scripts/fuzz.sh 60        # the bounded CI run: one minute per target
set -euo pipefail
cd "$(dirname "$0")/../Fuzz"
seconds="${1:-60}"
flags=(-c release -Xswiftc -sanitize=fuzzer,address)
swift build "${flags[@]}"
bin="$(swift build "${flags[@]}" --show-bin-path)"
status=0
for target in npy npz safetensors; do
  corpus=".build/corpus/$target"
  artifacts=".build/artifacts/$target/"
  mkdir -p "$corpus" "$artifacts"
  echo "== fuzz-$target for ${seconds}s"
  "$bin/fuzz-$target" "$corpus" "Corpus/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -artifact_prefix="$artifacts" -print_final_stats=1 || status=1
done
exit "$status"
