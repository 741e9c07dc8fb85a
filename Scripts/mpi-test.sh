#!/usr/bin/env bash
# The distributed tests: olympus-distributed-tests under mpirun with 2 and 3 ranks on this machine
# (loopback and shared memory). Needs Open MPI (Scripts/install-mpi.sh).
#
#   checks  collectives on every dtype and on mixed trees against a single-process reference,
#           derivatives through allReduce, DataParallel training (bitwise-identical replicas,
#           determinism, agreement with one process) and checkpoint/resume within the job
#   restart a job saves a checkpoint half way; a second job resumes from it: same final bits
#   throw   the last rank throws at step 3 of training: every other rank must stop within 10 s,
#           naming it
#   kill    the last rank kills itself (SIGKILL) at step 3: the same
#
# A test driver under mpirun rather than Swift Testing: every rank must run the same collectives
# in the same order, which a test runner that picks, orders and parallelizes tests itself does not
# give, and the fault tests must watch the whole job end from outside.
set -euo pipefail
cd "$(dirname "$0")/.."

# Open MPI refuses to run as root, and its shared-memory transport's single-copy mechanism (CMA)
# fails inside containers, unless told otherwise.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl_vader_single_copy_mechanism=none

command -v mpirun >/dev/null || { echo "mpi-test: mpirun not found; run Scripts/install-mpi.sh" >&2; exit 1; }
swift build -c release --product olympus-distributed-tests
driver="$(swift build -c release --show-bin-path)/olympus-distributed-tests"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
status=0

for ranks in 2 3; do
  echo "== checks on $ranks ranks"
  # stdin from /dev/null: mpirun forwards its standard input to rank 0 and waits on a terminal.
  if ! timeout 300 mpirun --oversubscribe -np "$ranks" "$driver" checks --scratch "$scratch" </dev/null; then
    echo "mpi-test: checks failed on $ranks ranks" >&2
    status=1
  fi
done

# Restart across jobs: the first job trains 12 steps and saves a checkpoint after 6; a second job
# resumes from the file and must end with bitwise the same parameters.
for ranks in 2 3; do
  echo "== restart from a checkpoint on $ranks ranks"
  first=$(mpirun --oversubscribe -np "$ranks" "$driver" restart-first --scratch "$scratch" </dev/null | grep "^parameters after step 12" || true)
  second=$(mpirun --oversubscribe -np "$ranks" "$driver" restart-second --scratch "$scratch" </dev/null | grep "^parameters after step 12" || true)
  echo "   first job: ${first:-nothing}; resumed job: ${second:-nothing}"
  if [ -z "$first" ] || [ "$first" != "$second" ]; then
    echo "mpi-test: the resumed job's parameters differ on $ranks ranks" >&2
    status=1
  fi
done

for ranks in 2 3; do
  for fault in throw kill; do
    echo "== $fault on $ranks ranks"
    log="$scratch/$fault-$ranks.log"
    set +e
    timeout 60 mpirun --oversubscribe -np "$ranks" "$driver" "$fault" </dev/null >"$log" 2>&1
    code=$?
    set -e
    ended=$(date +%s.%N)
    failing=$((ranks - 1))
    injected=$(sed -n 's/.*fault injected at \([0-9.]*\).*/\1/p' "$log" | head -1)
    problems=()
    [ "$code" -ne 0 ] || problems+=("the job exited with status 0")
    [ "$code" -ne 124 ] || problems+=("the job hung (killed by timeout after 60 s)")
    if [ -z "$injected" ]; then
      problems+=("no fault was injected")
    else
      elapsed=$(awk -v a="$ended" -v b="$injected" 'BEGIN { printf "%.2f", a - b }')
      echo "   the job ended $elapsed s after the fault"
      awk -v e="$elapsed" 'BEGIN { exit !(e <= 10) }' || problems+=("the job took $elapsed s to end")
    fi
    for ((rank = 0; rank < failing; rank++)); do
      grep -q "Olympus rank $rank of $ranks: stopping during .*rank $failing" "$log" \
        || problems+=("rank $rank printed no message naming rank $failing")
    done
    if [ "$fault" = throw ]; then
      grep -q "Olympus rank $failing failed: an injected fault at step 3" "$log" || problems+=("rank $failing did not report its error")
    fi
    if [ ${#problems[@]} -gt 0 ]; then
      printf 'mpi-test: %s on %s ranks: %s\n' "$fault" "$ranks" "${problems[@]}" >&2
      sed 's/^/   | /' "$log" >&2
      status=1
    else
      grep "^Olympus rank" "$log" | sed 's/^/   /'
    fi
  done
done
exit $status
