#!/usr/bin/env bash
# Olympus against its peers, side by side, in one command:
#   Scripts/benchmarks.sh [--rounds N] [--only W2,W4,...] [--quick] [--results DIR] [--no-table]
#
# 1. makes or updates a Python venv OUTSIDE the repository with the peers' packages
#    (numpy, autograd; JAX and PyTorch only when asked, they are big), unless interpreters are given;
# 2. builds olympus-bench in release;
# 3. runs, round after round, the shared peer scripts (numpy_autograd.py, and jax_bench.py /
#    torch_bench.py when asked) with --only the W workloads, our Benchmarks/peers/numpy_elementwise.py
#    with the E workloads, `olympus-bench` with all of them, and (when W7 is among them)
#    `OLYMPUS_DISABLE_BLAS=1 olympus-bench W7 --system-suffix -fallback`; odd rounds run the
#    peers first, even rounds Olympus first, so a drift of the host's speed (up to 3.5x within
#    minutes on this VM) does not always favour the same side; JSON lines go to
#    DIR/round-N/*.jsonl, the ENV lines and messages to DIR/round-N/*.stderr.txt;
# 4. regenerates BENCHMARKS.md with Scripts/benchmark-table.py.
#
# --only (or BENCH_WORKLOADS) restricts every program to the listed workloads
# [W1–W9, E1–E3: every workload olympus-bench has].
#
# Environment (defaults in brackets):
#   OLYMPUS_PEERS_VENV        the venv [~/.cache/olympus-peers]; must lie outside the repository
#   OLYMPUS_PEERS_PACKAGES    what pip installs there ["numpy==2.4.6 scipy==1.17.1 autograd==1.9.1":
#                             the versions of shared/benchmarks/peers/BASELINES.md; scipy because
#                             numpy_autograd.py imports autograd.scipy]
#   OLYMPUS_PEERS_JAX=1       also run jax_bench.py: with JAX_PY when set (an existing interpreter
#                             with numpy + jax; nothing is installed), else with jax installed into
#                             the venv
#   OLYMPUS_PEERS_TORCH=1     also run torch_bench.py: with TORCH_PY when set (an existing interpreter
#                             with numpy + torch), else in OLYMPUS_PEERS_TORCH_VENV
#                             [~/.cache/olympus-peers-torch], made with torch (several GB: PyPI's
#                             wheel pulls CUDA libraries)
#   JAX_PY, TORCH_PY          existing interpreters for the JAX and PyTorch peers (see above)
#   OLYMPUS_PEERS_DIR         the shared peer scripts [<repository>/../shared/benchmarks/peers]
#   BENCH_ROUNDS              rounds [2]
#   BENCH_WORKLOADS           workloads, comma-separated [as --only above]
#   BENCH_RESULTS             results directory [Benchmarks/results]; its round-* folders are replaced
#   BENCH_ARGS                extra arguments for every benchmark program, e.g. "--max-quiet-wait 120"
#   PYTHON                    the interpreter that makes the venv [python3]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

VENV=${OLYMPUS_PEERS_VENV:-$HOME/.cache/olympus-peers}
TORCH_VENV=${OLYMPUS_PEERS_TORCH_VENV:-$HOME/.cache/olympus-peers-torch}
PEER_PACKAGES=${OLYMPUS_PEERS_PACKAGES:-numpy==2.4.6 scipy==1.17.1 autograd==1.9.1}
PEERS=${OLYMPUS_PEERS_DIR:-$ROOT/../shared/benchmarks/peers}
ROUNDS=${BENCH_ROUNDS:-2}
RESULTS=${BENCH_RESULTS:-$ROOT/Benchmarks/results}
BENCH_ARGS=${BENCH_ARGS:-}
WORKLOADS=${BENCH_WORKLOADS:-W1,W2,W3,W4,W5,W6,W7,W8,W9,E1,E2,E3}
PYTHON=${PYTHON:-python3}
MAKE_TABLE=1

while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --rounds=*) ROUNDS=${1#*=}; shift ;;
    --only) WORKLOADS=$2; shift 2 ;;
    --only=*) WORKLOADS=${1#*=}; shift ;;
    --results) RESULTS=$2; shift 2 ;;
    --results=*) RESULTS=${1#*=}; shift ;;
    --quick) BENCH_ARGS="$BENCH_ARGS --quick"; shift ;;
    --no-table) MAKE_TABLE=0; shift ;;
    -h|--help) sed -n '2,38p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "benchmarks.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$ROUNDS" in ''|*[!0-9]*|0) echo "benchmarks.sh: --rounds needs a positive integer" >&2; exit 2 ;; esac

say() { echo "== $* ($(date -u +%H:%M:%S))" >&2; }

# The workload list, upper-cased and without spaces; its W and E parts.
WORKLOADS=$(echo "$WORKLOADS" | tr 'a-z' 'A-Z' | tr -d ' ')
pick() {  # prefix letter: the listed workloads starting with it, comma-separated
  echo "$WORKLOADS" | tr ',' '\n' | grep "^$1" | paste -sd, - || true
}
W_WORKLOADS=$(pick W)
E_WORKLOADS=$(pick E)
[ -n "$W_WORKLOADS$E_WORKLOADS" ] || { echo "benchmarks.sh: no workloads in '$WORKLOADS'" >&2; exit 2; }

[ -f "$PEERS/_common.py" ] || {
  echo "benchmarks.sh: shared peer scripts not found at $PEERS (set OLYMPUS_PEERS_DIR)" >&2; exit 1; }
PEERS=$(cd "$PEERS" && pwd)

# ---- 1. peer venv(s), outside the repository ---------------------------------------------------
ensure_venv() {  # dir, packages...
  local dir=$1; shift
  case "$(mkdir -p "$dir" && cd "$dir" && pwd)/" in
    "$ROOT"/*) echo "benchmarks.sh: the venv $dir must lie outside the repository" >&2; exit 1 ;;
  esac
  [ -x "$dir/bin/python" ] || { say "creating venv $dir"; "$PYTHON" -m venv "$dir"; }
  # A stamp of what was installed: an unchanged list costs no pip run (and no network).
  if [ "$(cat "$dir/.olympus-packages" 2>/dev/null)" != "$*" ]; then
    say "installing into $dir: $*"
    "$dir/bin/python" -m pip install --quiet --disable-pip-version-check "$@"
    echo "$*" > "$dir/.olympus-packages"
  fi
}
# Interpreters given with JAX_PY / TORCH_PY are used as they are: nothing is installed into them.
WANT_JAX=${OLYMPUS_PEERS_JAX:-0}
WANT_TORCH=${OLYMPUS_PEERS_TORCH:-0}
# shellcheck disable=SC2086  # the package list is meant to split into words
if [ "$WANT_JAX" = 1 ] && [ -z "${JAX_PY:-}" ]; then
  ensure_venv "$VENV" $PEER_PACKAGES jax
  JAX_PY="$VENV/bin/python"
else
  ensure_venv "$VENV" $PEER_PACKAGES
fi
PY="$VENV/bin/python"
"$PY" -c 'import numpy, autograd' || { echo "benchmarks.sh: numpy/autograd not importable in $VENV" >&2; exit 1; }
if [ "$WANT_JAX" = 1 ]; then
  "$JAX_PY" -c 'import numpy, jax' || { echo "benchmarks.sh: numpy/jax not importable with $JAX_PY" >&2; exit 1; }
fi
if [ "$WANT_TORCH" = 1 ]; then
  if [ -z "${TORCH_PY:-}" ]; then ensure_venv "$TORCH_VENV" numpy torch; TORCH_PY="$TORCH_VENV/bin/python"; fi
  "$TORCH_PY" -c 'import numpy, torch' || {
    echo "benchmarks.sh: numpy/torch not importable with $TORCH_PY" >&2; exit 1; }
fi
prefix_of() { "$1" -c 'import sys; print(sys.prefix)'; }
JAX_PREFIX=$([ "$WANT_JAX" = 1 ] && prefix_of "$JAX_PY" || echo /nonexistent-jax-prefix)
TORCH_PREFIX=$([ "$WANT_TORCH" = 1 ] && prefix_of "$TORCH_PY" || echo /nonexistent-torch-prefix)

# ---- 2. olympus-bench, release -----------------------------------------------------------------
say "building olympus-bench (release)"
swift build -c release --product olympus-bench >&2
BENCH="$(swift build -c release --show-bin-path)/olympus-bench"
# The listed workloads olympus-bench knows, separated by spaces.
KNOWN=$("$BENCH" --list | awk '{print $1}')
OLYMPUS_WORKLOADS=$(echo "$WORKLOADS" | tr ',' '\n' | grep -Fx "$KNOWN" | paste -sd' ' - || true)

# ---- 3. rounds ---------------------------------------------------------------------------------
mkdir -p "$RESULTS"
RESULTS=$(cd "$RESULTS" && pwd)
rm -rf "$RESULTS"/round-*

scrub() {  # local paths out of saved output: repository, shared peers, venvs, home
  sed -e "s#$ROOT/##g" -e "s#$PEERS/##g" -e "s#$VENV#<venv>#g" -e "s#$TORCH_VENV#<torch-venv>#g" \
    -e "s#$JAX_PREFIX#<jax-py>#g" -e "s#$TORCH_PREFIX#<torch-py>#g" -e "s#$HOME#<home>#g"
}
FAILED=0
run() {  # dir, name, command...
  local dir=$1 name=$2; shift 2
  say "round ${dir##*-}: $name"
  set +e
  # shellcheck disable=SC2086  # BENCH_ARGS holds several arguments
  "$@" $BENCH_ARGS 2> "$dir/$name.stderr.tmp" | scrub > "$dir/$name.jsonl"
  local rc=${PIPESTATUS[0]}
  set -e
  scrub < "$dir/$name.stderr.tmp" > "$dir/$name.stderr.txt"
  rm -f "$dir/$name.stderr.tmp"
  echo "   rc=$rc lines=$(wc -l < "$dir/$name.jsonl")" >&2
  if [ "$rc" != 0 ]; then FAILED=1; tail -3 "$dir/$name.stderr.txt" >&2; fi
}
peers() {
  if [ -n "$W_WORKLOADS" ]; then
    run "$1" numpy_autograd "$PY" "$PEERS/numpy_autograd.py" --only "$W_WORKLOADS"
    if [ "$WANT_JAX" = 1 ]; then run "$1" jax "$JAX_PY" "$PEERS/jax_bench.py" --only "$W_WORKLOADS"; fi
    if [ "$WANT_TORCH" = 1 ]; then run "$1" torch "$TORCH_PY" "$PEERS/torch_bench.py" --only "$W_WORKLOADS"; fi
  fi
  if [ -n "$E_WORKLOADS" ]; then
    run "$1" numpy_elementwise "$PY" "$ROOT/Benchmarks/peers/numpy_elementwise.py" --only "$E_WORKLOADS"
  fi
}
olympus() {
  # shellcheck disable=SC2086  # one argument per workload
  if [ -n "$OLYMPUS_WORKLOADS" ]; then run "$1" olympus "$BENCH" $OLYMPUS_WORKLOADS; fi
  case ",$WORKLOADS," in
    *,W7,*) run "$1" olympus_fallback env OLYMPUS_DISABLE_BLAS=1 "$BENCH" W7 --system-suffix -fallback ;;
  esac
}

{
  echo "{\"date_utc\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
  commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  git diff --quiet HEAD -- Sources Package.swift 2>/dev/null || commit="$commit+local changes"
  echo " \"commit\": \"$commit\","
  echo " \"swift\": \"$(swift --version 2>/dev/null | head -1 | sed 's/"/\\"/g')\","
  echo " \"kernel\": \"$(uname -srm)\","
  echo " \"rounds\": $ROUNDS,"
  echo " \"workloads\": \"$WORKLOADS\","
  echo " \"peers\": \"numpy/autograd$([ "$WANT_JAX" = 1 ] && echo ", jax")$([ "$WANT_TORCH" = 1 ] && echo ", torch")\","
  echo " \"bench_args\": \"$BENCH_ARGS\"}"
} > "$RESULTS/run.json"

for round in $(seq 1 "$ROUNDS"); do
  dir="$RESULTS/round-$round"
  mkdir -p "$dir"
  if [ $((round % 2)) = 1 ]; then peers "$dir"; olympus "$dir"; else olympus "$dir"; peers "$dir"; fi
done

# ---- 4. BENCHMARKS.md --------------------------------------------------------------------------
if [ "$MAKE_TABLE" = 1 ]; then
  say "writing BENCHMARKS.md"
  "$PY" "$ROOT/Scripts/benchmark-table.py" "$RESULTS" > "$ROOT/BENCHMARKS.md"
fi
[ "$FAILED" = 0 ] || { echo "benchmarks.sh: some runs failed (see the stderr files in $RESULTS)" >&2; exit 1; }
