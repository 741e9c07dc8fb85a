"""Peer side of Olympus's large-array workloads E1-E3 (numpy; the shared peer scripts lack them).

Usage:  python numpy_elementwise.py [--only E1,E3] [--quick] [--system-suffix S] ...
        (the options of the shared peer scripts: ../shared/benchmarks/peers/_common.py)
Prints one JSON object per workload on stdout (system "numpy"), `ENV {...}` on stderr, in the
format of the shared peer scripts, with the shared harness (_common.bench_once: quiet wait,
warm-up, >= 20 repetitions and >= 2 s, interference monitor).

Workloads (Sources/olympus-bench/Workloads/ElementwiseInputs.swift has the same definitions):
  E1  np.exp(x)   x = det_uniform(10_000_000, 20, 2.0)                        float32
  E2  x + y       x = det_uniform(10_000_000, 21, 2.0), y = det_uniform(10_000_000, 22, 2.0)
  E3  x.sum()     x = det_uniform(10_000_000, 20, 2.0)   (float32 result, numpy's pairwise sum)
`check` is the float64 sum of the result.  numpy's elementwise ops run on one thread.
`inner` (calls per repetition) is calibrated to >= 5 ms per repetition, as olympus-bench does.
"""
import os
import sys

COUNT = 10_000_000
X_SEED, LHS_SEED, RHS_SEED = 20, 21, 22


def find_shared_peers():
    """The shared peer directory: $OLYMPUS_PEERS_DIR, else <repository root>/../shared/benchmarks/peers.

    The repository root is the nearest ancestor of this script holding Package.swift, so the
    script works from any current directory and through symbolic links."""
    override = os.environ.get("OLYMPUS_PEERS_DIR")
    if override:
        candidates = [os.path.abspath(override)]
    else:
        here = os.path.dirname(os.path.realpath(__file__))
        root = here
        while not os.path.isfile(os.path.join(root, "Package.swift")):
            parent = os.path.dirname(root)
            if parent == root:
                root = os.path.dirname(os.path.dirname(here))   # Benchmarks/peers -> repository root
                break
            root = parent
        candidates = [os.path.join(os.path.dirname(root), "shared", "benchmarks", "peers")]
    for path in candidates:
        if os.path.isfile(os.path.join(path, "_common.py")):
            return path
    sys.exit("numpy_elementwise.py: the shared peer harness _common.py was not found in %s "
             "(expected the repository's sibling directory shared/benchmarks/peers; "
             "set OLYMPUS_PEERS_DIR to the directory holding _common.py)" % ", ".join(candidates))


sys.path.insert(0, find_shared_peers())
import numpy as np  # noqa: E402
import _common as C  # noqa: E402


def inputs_extra(*seeds):
    return {"elements": COUNT,
            "inputs": ", ".join("det_uniform(%d, %d, 2.0)" % (COUNT, s) for s in seeds)}


def emit(R, workload, fn, extra):
    """bench_emit with inner calibrated like olympus-bench (the shared scripts only calibrate µs workloads)."""
    ex = dict(extra)
    ex["check"] = C.checksum(fn())
    R.bench_emit(workload, "numpy", fn, ex, inner=C.calibrate_inner(fn))


def main():
    args = C.parse_args(__doc__)
    R = C.Reporter(args)
    env = C.base_env()
    env.update({"script": "numpy_elementwise.py", "shared_peers": "../shared/benchmarks/peers"})
    C.print_env(env)

    if C.wanted(args, "E1") or C.wanted(args, "E3"):
        x = C.det_uniform(COUNT, X_SEED, 2.0)
        if C.wanted(args, "E1"):
            emit(R, "E1", lambda: np.exp(x), inputs_extra(X_SEED))
        if C.wanted(args, "E3"):
            emit(R, "E3", lambda: x.sum(), inputs_extra(X_SEED))
        del x
    if C.wanted(args, "E2"):
        x = C.det_uniform(COUNT, LHS_SEED, 2.0)
        y = C.det_uniform(COUNT, RHS_SEED, 2.0)
        emit(R, "E2", lambda: x + y, inputs_extra(LHS_SEED, RHS_SEED))


if __name__ == "__main__":
    main()
