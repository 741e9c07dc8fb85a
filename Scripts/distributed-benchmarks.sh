#!/usr/bin/env bash
# D1 and D2 (Benchmarks/README.md): Olympus under mpirun beside Open MPI's MPI_Allreduce from C and
# torch.distributed's gloo backend; JSON lines (the peer format) into Benchmarks/results/distributed/.
# Needs Open MPI (Scripts/install-mpi.sh) and mpicc; the torch peer runs when TORCH_PY (default
# /root/.venvs/olympus-io/bin/python) has torch.
#   Scripts/distributed-benchmarks.sh [rounds]      # rounds alternate the programs (default 2)
set -euo pipefail
cd "$(dirname "$0")/.."
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl_vader_single_copy_mechanism=none
# Messages of up to 64 KiB between ranks on this machine go in one piece (Open MPI's default sends
# those above 4 KiB with a rendezvous, a handshake the receiving rank must answer from inside an
# MPI call): D2's gradient buckets are 6 and 32 KiB (README, "Distributed"). Every program here,
# Open MPI's own C peer included, runs with it; D1's 64 MiB messages still go by rendezvous.
export OMPI_MCA_btl_vader_eager_limit=65536
rounds="${1:-2}"
torch_py="${TORCH_PY:-/root/.venvs/olympus-io/bin/python}"
out=Benchmarks/results/distributed
mkdir -p "$out"

swift build -c release --product olympus-bench
bench="$(swift build -c release --show-bin-path)/olympus-bench"
peer_dir="$(mktemp -d)"
trap 'rm -rf "$peer_dir"' EXIT
mpicc -O2 -o "$peer_dir/mpi_allreduce" Benchmarks/peers/mpi_allreduce.c

for ((round = 1; round <= rounds; round++)); do
  dir="$out/round-$round"
  mkdir -p "$dir"
  mpirun -np 2 "$peer_dir/mpi_allreduce" </dev/null >"$dir/openmpi-c.jsonl"
  mpirun -np 2 "$bench" D1 </dev/null >"$dir/olympus-d1.jsonl" 2>"$dir/olympus-d1.stderr.txt"
  if "$torch_py" -c "import torch" 2>/dev/null; then
    "$torch_py" Benchmarks/peers/torch_allreduce.py </dev/null >"$dir/torch-gloo.jsonl" 2>"$dir/torch-gloo.stderr.txt"
  else
    echo "distributed-benchmarks: no torch at $torch_py; the gloo peer is skipped" >&2
  fi
  "$bench" D2 </dev/null >"$dir/olympus-d2-1rank.jsonl" 2>"$dir/olympus-d2-1rank.stderr.txt"
  mpirun -np 2 "$bench" D2 </dev/null >"$dir/olympus-d2-2rank.jsonl" 2>"$dir/olympus-d2-2rank.stderr.txt"
  cat "$dir"/*.jsonl
done
