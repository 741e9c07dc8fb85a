#!/usr/bin/env bash
# Builds the DocC documentation of Olympus's documented modules and fails on any DocC warning.
#
# Usage: Scripts/check-docs.sh [OUTPUT-DIRECTORY]   (from anywhere)
#
# The catalogs are Sources/<Module>/<Module>.docc. `swift package generate-documentation` comes
# from the swift-docc-plugin package dependency and uses the toolchain's `docc`; it builds the
# modules' symbol graphs in debug mode (a few minutes on a cold build). The archives are written to
# OUTPUT-DIRECTORY (default: a scratch directory that is removed afterwards).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
output=${1:-$scratch/archives}
mkdir -p "$output"

status=0
for module in Olympus OlympusCore OlympusNN OlympusOptimizers; do
  log="$scratch/$module.log"
  if ! swift package --allow-writing-to-directory "$output" generate-documentation --target "$module" \
    --output-path "$output/$module.doccarchive" --warnings-as-errors >"$log" 2>&1; then
    echo "check-docs: $module: documentation failed to build:"
    grep -E "warning|error" "$log" | head -50
    status=1
  else
    echo "check-docs: $module: no warnings"
  fi
done
exit $status
