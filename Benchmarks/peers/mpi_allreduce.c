/* D1's Open MPI peer: MPI_Allreduce (sum) of a 64 MiB float32 buffer between the ranks of
 * mpirun, out of place, as Olympus's allReduce does. Rank 0 prints one JSON line in the peer
 * format (../../shared/benchmarks/peers/README.md): per-call times in ms over the repetitions,
 * each repetition the slowest rank's time after a barrier.
 *
 * Build: Scripts/build-mpi-peer.sh; run: mpirun -np 2 <build>/mpi_allreduce [repetitions]. */
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The peer README's det_uniform(count, seed, 2.0): the same inputs as olympus-bench's D1. */
static uint32_t hash32(uint32_t i, uint32_t seed) {
  uint32_t h = i + seed * (1u << 24);
  h ^= h >> 16; h *= 0x7feb352du;
  h ^= h >> 15; h *= 0x846ca68bu;
  h ^= h >> 16;
  return h;
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const int count = 16 * 1024 * 1024; /* 64 MiB of float32 */
  const int repetitions = argc > 1 ? atoi(argv[1]) : 20;
  const int warmup = 3;
  float *send = malloc(sizeof(float) * count), *receive = malloc(sizeof(float) * count);
  /* Rank r's input uses seed 40 + r; indices wrap at 2^24 as the README's hash requires. */
  for (int i = 0; i < count; i++) {
    send[i] = (float)(((int64_t)(hash32((uint32_t)i % (1u << 24), 40 + rank) >> 8) - (1 << 23)) * (1.0 / (1 << 24))) * 2.0f;
  }
  double *times = malloc(sizeof(double) * repetitions);
  for (int r = -warmup; r < repetitions; r++) {
    MPI_Barrier(MPI_COMM_WORLD);
    double start = MPI_Wtime();
    MPI_Allreduce(send, receive, count, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
    double local = MPI_Wtime() - start, slowest;
    MPI_Allreduce(&local, &slowest, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    if (r >= 0) times[r] = slowest * 1e3;
  }
  if (rank == 0) {
    double check = 0;
    for (int i = 0; i < count; i++) check += receive[i];
    qsort(times, repetitions, sizeof(double), compare);
    double median = repetitions % 2 ? times[repetitions / 2] : (times[repetitions / 2 - 1] + times[repetitions / 2]) / 2;
    int major, minor;
    MPI_Get_version(&major, &minor);
    printf("{\"workload\": \"D1\", \"system\": \"openmpi-c\", \"median_ms\": %.4f, \"min_ms\": %.4f, \"max_ms\": %.4f, "
           "\"reps\": %d, \"extra\": {\"ranks\": %d, \"bytes\": %d, \"gb_per_s\": %.4f, \"check\": %.6f, \"mpi_version\": \"%d.%d\"}}\n",
           median, times[0], times[repetitions - 1], repetitions, size, (int)(count * sizeof(float)),
           count * sizeof(float) / (median * 1e-3) / 1e9, check, major, minor);
  }
  free(send); free(receive); free(times);
  MPI_Finalize();
  return 0;
}
