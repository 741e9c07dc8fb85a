"""Peer side of Olympus's file workloads IO1-IO2: the safetensors package and numpy.save/load.

Usage:  python io_bench.py [--only IO1,IO2] [--quick] [--system-suffix S] ...
        (the options of the shared peer scripts: ../shared/benchmarks/peers/_common.py)
Prints one JSON object per workload and system on stdout, `ENV {...}` on stderr, in the format of
the shared peer scripts, with the shared harness (_common.bench_once).

Workloads (Sources/olympus-bench/Workloads/IOFiles.swift has the same definitions), on one
float32 array of 2**28 elements (1 GiB), 0, 1, 2 ... converted to float32, in $OLYMPUS_BENCH_TMP
(the system's temporary directory by default):
  IO1  safetensors-write / safetensors-read: safetensors.numpy.save_file, load_file + sum
       numpy-write / numpy-read:              np.save, np.load + sum
  IO2  safetensors: safetensors.safe_open(..., framework="numpy") and get_tensor (no mmap views in
       the package's numpy API: get_tensor copies); numpy-mmap: np.load(mmap_mode="r")
Throughput in GB/s is extra.bytes / 1e9 / (median_ms / 1e3) (olympus-bench reports it as
extra.gb_per_s); IO2's extra.rss_delta_mb is the resident memory one open adds.
"""
import os
import sys
import tempfile

COUNT = 1 << 28


def find_shared_peers():
    """The shared peer directory: $OLYMPUS_PEERS_DIR, else <repository root>/../shared/benchmarks/peers."""
    override = os.environ.get("OLYMPUS_PEERS_DIR")
    here = os.path.dirname(os.path.realpath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    path = os.path.abspath(override) if override else os.path.join(os.path.dirname(root), "shared", "benchmarks", "peers")
    if not os.path.isfile(os.path.join(path, "_common.py")):
        sys.exit("io_bench.py: the shared peer harness _common.py was not found in %s "
                 "(set OLYMPUS_PEERS_DIR to the directory holding _common.py)" % path)
    return path


sys.path.insert(0, find_shared_peers())
import numpy as np  # noqa: E402
import _common as C  # noqa: E402


def main():
    args = C.parse_args(__doc__)
    R = C.Reporter(args)
    env = C.base_env()
    env.update({"script": "io_bench.py"})
    C.print_env(env)
    directory = os.environ.get("OLYMPUS_BENCH_TMP", tempfile.gettempdir())
    x = np.arange(COUNT, dtype=np.int32).astype(np.float32)
    extra = {"bytes": COUNT * 4}

    def emit(workload, system, fn, more=None):
        ex = dict(extra, **(more or {}))
        result = fn()
        if isinstance(result, np.floating):
            ex["check"] = float(result)
        R.bench_emit(workload, system, fn, ex)

    st_path = os.path.join(directory, "io-bench-%d.safetensors" % os.getpid())
    np_path = os.path.join(directory, "io-bench-%d.npy" % os.getpid())
    try:
        from safetensors.numpy import save_file, load_file
        from safetensors import safe_open
    except ImportError:
        save_file = None
        print("note: the safetensors package is not installed; only numpy is measured", file=sys.stderr)
    try:
        if C.wanted(args, "IO1"):
            if save_file:
                emit("IO1", "safetensors-write", lambda: save_file({"x": x}, st_path))
                emit("IO1", "safetensors-read", lambda: load_file(st_path)["x"].sum())
            emit("IO1", "numpy-write", lambda: np.save(np_path, x))
            emit("IO1", "numpy-read", lambda: np.load(np_path).sum())
        if C.wanted(args, "IO2"):
            if save_file:
                save_file({"x": x}, st_path)

                def open_safetensors():
                    with safe_open(st_path, framework="numpy") as f:
                        return f.get_slice("x").get_shape()
                before = C.rss_mb()
                handle = open_safetensors()
                emit("IO2", "safetensors", open_safetensors, {"rss_delta_mb": C.rss_mb() - before})
                del handle
            np.save(np_path, x)
            before = C.rss_mb()
            mapped = np.load(np_path, mmap_mode="r")
            emit("IO2", "numpy-mmap", lambda: np.load(np_path, mmap_mode="r"), {"rss_delta_mb": C.rss_mb() - before})
            del mapped
    finally:
        for path in (st_path, np_path):
            if os.path.exists(path):
                os.remove(path)


if __name__ == "__main__":
    main()
