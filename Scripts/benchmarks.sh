#!/usr/bin/env bash
# Olympus against its peers, side by side, in one command:
#   Scripts/benchmarks.sh [--rounds N] [--quick] [--results DIR] [--no-table]
#
# 1. makes or updates a Python venv OUTSIDE the repository with the peers' packages
#    (numpy, autograd; JAX and PyTorch only when asked, they are big);
# 2. builds olympus-bench in release;
# 3. runs, round after round, the shared peer script (numpy_autograd.py --only W1,W7), our
#    Benchmarks/peers/numpy_elementwise.py (E1-E3), `olympus-bench W1 W7 E1 E2 E3`, and
#    `OLYMPUS_DISABLE_BLAS=1 olympus-bench W7 --system-suffix -fallback`; odd rounds run the
#    peers first, even rounds Olympus first, so a drift of the host's speed (up to 3.5x within
#    minutes on this VM) does not always favour the same side; JSON lines go to
#    DIR/round-N/*.jsonl, the ENV lines and messages to DIR/round-N/*.stderr.txt;
# 4. regenerates BENCHMARKS.md with Scripts/benchmark-table.py.
#
# Environment (defaults in brackets):
#   OLYMPUS_PEERS_VENV        the venv [~/.cache/olympus-peers]; must lie outside the repository
#   OLYMPUS_PEERS_PACKAGES    what pip installs there ["numpy==2.4.6 scipy==1.17.1 autograd==1.9.1":
#                             the versions of shared/benchmarks/peers/BASELINES.md; scipy because
#                             numpy_autograd.py imports autograd.scipy]
#   OLYMPUS_PEERS_JAX=1       also install jax into the venv and run jax_bench.py --only W1,W7
#   OLYMPUS_PEERS_TORCH=1     also make OLYMPUS_PEERS_TORCH_VENV [~/.cache/olympus-peers-torch] with
#                             torch (several GB: PyPI's wheel pulls CUDA libraries) and run
#                             torch_bench.py --only W1,W7
#   OLYMPUS_PEERS_DIR         the shared peer scripts [<repository>/../shared/benchmarks/peers]
#   BENCH_ROUNDS              rounds [2]
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
PYTHON=${PYTHON:-python3}
MAKE_TABLE=1

while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --rounds=*) ROUNDS=${1#*=}; shift ;;
    --results) RESULTS=$2; shift 2 ;;
    --results=*) RESULTS=${1#*=}; shift ;;
    --quick) BENCH_ARGS="$BENCH_ARGS --quick"; shift ;;
    --no-table) MAKE_TABLE=0; shift ;;
    -h|--help) sed -n '2,33p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "benchmarks.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$ROUNDS" in ''|*[!0-9]*|0) echo "benchmarks.sh: --rounds needs a positive integer" >&2; exit 2 ;; esac

say() { echo "== $* ($(date -u +%H:%M:%S))" >&2; }

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
# shellcheck disable=SC2086  # the package list is meant to split into words
if [ "${OLYMPUS_PEERS_JAX:-0}" = 1 ]; then
  ensure_venv "$VENV" $PEER_PACKAGES jax
else
  ensure_venv "$VENV" $PEER_PACKAGES
fi
PY="$VENV/bin/python"
"$PY" -c 'import numpy, autograd' || { echo "benchmarks.sh: numpy/autograd not importable in $VENV" >&2; exit 1; }
if [ "${OLYMPUS_PEERS_TORCH:-0}" = 1 ]; then ensure_venv "$TORCH_VENV" numpy torch; fi

# ---- 2. olympus-bench, release -----------------------------------------------------------------
say "building olympus-bench (release)"
swift build -c release --product olympus-bench >&2
BENCH="$(swift build -c release --show-bin-path)/olympus-bench"

# ---- 3. rounds ---------------------------------------------------------------------------------
mkdir -p "$RESULTS"
RESULTS=$(cd "$RESULTS" && pwd)
rm -rf "$RESULTS"/round-*

scrub() {  # local paths out of saved output: repository, shared peers, venvs, home
  sed -e "s#$ROOT/##g" -e "s#$PEERS/##g" -e "s#$VENV#<venv>#g" -e "s#$TORCH_VENV#<torch-venv>#g" -e "s#$HOME#<home>#g"
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
  run "$1" numpy_autograd "$PY" "$PEERS/numpy_autograd.py" --only W1,W7
  run "$1" numpy_elementwise "$PY" "$ROOT/Benchmarks/peers/numpy_elementwise.py"
  if [ "${OLYMPUS_PEERS_JAX:-0}" = 1 ]; then run "$1" jax "$PY" "$PEERS/jax_bench.py" --only W1,W7; fi
  if [ "${OLYMPUS_PEERS_TORCH:-0}" = 1 ]; then
    run "$1" torch "$TORCH_VENV/bin/python" "$PEERS/torch_bench.py" --only W1,W7
  fi
}
olympus() {
  run "$1" olympus "$BENCH" W1 W7 E1 E2 E3
  run "$1" olympus_fallback env OLYMPUS_DISABLE_BLAS=1 "$BENCH" W7 --system-suffix -fallback
}

{
  echo "{\"date_utc\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
  commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  git diff --quiet HEAD -- Sources Package.swift 2>/dev/null || commit="$commit+local changes"
  echo " \"commit\": \"$commit\","
  echo " \"swift\": \"$(swift --version 2>/dev/null | head -1 | sed 's/"/\\"/g')\","
  echo " \"kernel\": \"$(uname -srm)\","
  echo " \"rounds\": $ROUNDS,"
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
