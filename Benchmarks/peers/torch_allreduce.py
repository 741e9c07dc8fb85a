"""D1's torch.distributed peer: all_reduce (sum) of a 64 MiB float32 tensor between processes
on this machine with the gloo backend, on the inputs of olympus-bench's D1 (det_uniform(2^24,
40 + rank, 2.0)). Starts its own processes (torch.multiprocessing, TCP rendezvous on loopback)
and prints one JSON line in the peer format from rank 0: per-call times over the repetitions,
each the slowest rank's time after a barrier.

    /root/.venvs/olympus-io/bin/python Benchmarks/peers/torch_allreduce.py [--ranks 2] [--reps 20]
"""
import argparse
import json
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.distributed as dist
import torch.multiprocessing as mp


def det_uniform(count, seed, scale):
    """The peer README's det_uniform (hash32 "lowbias32" on uint32, wrapping)."""
    i = np.arange(count, dtype=np.uint64)
    h = (i + np.uint64(seed) * np.uint64(1 << 24)) & np.uint64(0xFFFFFFFF)
    h ^= h >> np.uint64(16)
    h = (h * np.uint64(0x7FEB352D)) & np.uint64(0xFFFFFFFF)
    h ^= h >> np.uint64(15)
    h = (h * np.uint64(0x846CA68B)) & np.uint64(0xFFFFFFFF)
    h ^= h >> np.uint64(16)
    values = ((h >> np.uint64(8)).astype(np.int64) - (1 << 23)).astype(np.float32) * np.float32(2.0**-24)
    return values * np.float32(scale)


def worker(rank, size, port, reps, warmup, queue):
    dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=size)
    count = 1 << 24
    x = torch.from_numpy(det_uniform(count, 40 + rank, 2.0))
    times = []
    for r in range(warmup + reps):
        y = x.clone()  # all_reduce works in place; Olympus and the C peer write a new buffer
        dist.barrier()
        start = time.perf_counter()
        dist.all_reduce(y, op=dist.ReduceOp.SUM)
        local = torch.tensor([time.perf_counter() - start], dtype=torch.float64)
        dist.all_reduce(local, op=dist.ReduceOp.MAX)
        if r >= warmup:
            times.append(local.item() * 1e3)
    if rank == 0:
        median = statistics.median(times)
        queue.put({
            "workload": "D1", "system": "torch-gloo", "median_ms": median, "min_ms": min(times), "max_ms": max(times),
            "reps": len(times),
            "extra": {"ranks": size, "bytes": count * 4, "gb_per_s": count * 4 / (median * 1e-3) / 1e9,
                      "check": float(y.double().sum()), "torch": torch.__version__,
                      "threads": torch.get_num_threads()},
        })
    dist.destroy_process_group()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ranks", type=int, default=2)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--port", type=int, default=29517)
    args = parser.parse_args()
    print("ENV " + json.dumps({"python": sys.version.split()[0], "torch": torch.__version__}), file=sys.stderr)
    queue = mp.get_context("spawn").SimpleQueue()
    mp.spawn(worker, args=(args.ranks, args.port, args.reps, args.warmup, queue), nprocs=args.ranks, join=True)
    print(json.dumps(queue.get()), flush=True)


if __name__ == "__main__":
    main()
