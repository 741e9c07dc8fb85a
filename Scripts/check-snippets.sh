#!/usr/bin/env bash
# Checks that the Swift snippets of README.md, Guides/*.md and the DocC articles
# (Sources/*/*.docc/*.md) compile against Olympus.
#
# Usage: Scripts/check-snippets.sh [--build]   (from anywhere)
#
# It uses the modules of the last release build (`swift build -c release` or `swift test -c
# release`; switching between the two rebuilds everything, so the script does not build on its own
# when modules exist). With --build, or when there is no release build yet, it first runs
# `swift build -c release --product Olympus`.
#
# Every ```swift block becomes the body of its own function in a scratch directory (so blocks may
# declare the same names), after a shared prelude (Scripts/snippets-prelude.swift) that declares
# the values snippets use without defining (`x`, `v`, `images`, `labels` ...). `import` lines are
# dropped (every snippet file imports Foundation and Olympus). The files are type-checked with `swiftc -typecheck`
# against the modules of the release build, with warnings suppressed (snippets leave results
# unused), in a few seconds; errors point at the Markdown file and line. Blocks that are not meant
# to compile are fenced ```swift fragment (a piece of a larger program, with `…` placeholders) or
# ```swift manifest (a Package.swift excerpt); they are listed and skipped.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
scratch=${TMPDIR:-/tmp}/olympus-snippets.$$
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch"

cd "$root"
bin=$(swift build -c release --show-bin-path)
if [ "${1:-}" = "--build" ] || [ ! -e "$bin/Modules/Olympus.swiftmodule" ]; then
  swift build -c release --product Olympus >"$scratch/build.log" 2>&1 || { cat "$scratch/build.log"; exit 1; }
fi

python3 - "$root" "$scratch" README.md Guides/*.md Sources/*/*.docc/*.md <<'EOF'
import pathlib
import sys

root, scratch, *documents = sys.argv[1:]
checked, skipped = 0, []
for document in documents:
    lines = (pathlib.Path(root) / document).read_text().splitlines()
    index = 0
    while index < len(lines):
        fence = lines[index].strip()
        if not fence.startswith("```swift"):
            index += 1
            continue
        start = index + 1
        end = start
        while end < len(lines) and lines[end].strip() != "```":
            end += 1
        kinds = fence[3:].split()
        if len(kinds) > 1:
            skipped.append(f"{document}:{index + 1} ({' '.join(kinds[1:])})")
        else:
            checked += 1
            body = [line if not line.lstrip().startswith("import ") else "" for line in lines[start:end]]
            name = f"snippet{checked}"
            text = (
                "import Foundation\nimport Olympus\n\n"
                f"func {name}() throws {{\n"
                f'#sourceLocation(file: "{root}/{document}", line: {start + 1})\n'
                + "\n".join(body)
                + "\n#sourceLocation()\n}\n"
            )
            (pathlib.Path(scratch) / f"{name}.swift").write_text(text)
        index = end + 1
print(f"{checked} snippets to check; skipped: {', '.join(skipped) or 'none'}")
EOF

# The Swift modules import the C targets (COlympusKernels, COlympusZlib …) through the module
# maps SwiftPM writes for them.
module_maps=()
for map in "$bin"/C*.build/module.modulemap; do module_maps+=(-Xcc -fmodule-map-file="$map"); done
swiftc -typecheck -swift-version 6 -suppress-warnings -I "$bin/Modules" "${module_maps[@]}" \
  "$root/Scripts/snippets-prelude.swift" "$scratch"/snippet*.swift
echo "All snippets compile."
