#!/usr/bin/env bash
# Installs Open MPI (Debian's openmpi-bin and libopenmpi-dev) when it is missing. Idempotent;
# needs root and apt-get. OlympusDistributed loads libmpi at run time, so nothing else in the
# package needs it: without it the distributed tests are skipped with a note.
set -euo pipefail

if command -v mpirun >/dev/null && command -v mpicc >/dev/null \
  && ldconfig -p 2>/dev/null | grep -q 'libmpi\.so\.'; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "install-mpi: Open MPI is missing and this is not a root shell with apt-get;" \
    "install openmpi-bin and libopenmpi-dev" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq openmpi-bin libopenmpi-dev >/dev/null
