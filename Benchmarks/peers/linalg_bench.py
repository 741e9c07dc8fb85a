"""Peer side of Olympus's linear-algebra workloads L1-L6: numpy/scipy, jax and torch.

Usage:  python linalg_bench.py [--only L1,L3] [--quick] [--system-suffix S] ...
        (the options of the shared peer scripts: ../shared/benchmarks/peers/_common.py)
Prints one JSON object per workload and system on stdout, `ENV {...}` on stderr, in the format of
the shared peer scripts, with the shared harness (quiet wait, warm-up, >= 20 repetitions and >= 2 s,
interference monitor). A peer library that is not installed is skipped with a note on stderr.

Workloads (Sources/olympus-bench/Workloads/LinalgInputs.swift and L*.swift build the same inputs;
all float64 from the float32 det_uniform values, exactly):
  L1  solve(A, b)        A = det_uniform((1000,1000), 40, 2.0) + 1000 I, b = det_uniform(1000, 41, 2.0)
  L2  cholesky(A)        A = B B^T / 2000 + I, B = det_uniform((2000,2000), 42, 2.0)
  L3  svd(A)             A = det_uniform((500,500), 43, 2.0), reduced, with U and V^T
  L4  eigh(A)            A = (B + B^T) / 2, B = det_uniform((1000,1000), 44, 2.0), with eigenvectors
  L5  grad of slogdet    A = det_uniform((500,500), 45, 2.0) + 500 I; d log|det A| / dA
                         (numpy: inv(A).T, the closed form, as numpy has no autodiff)
  L6  10^4 solves 4x4    A = det_uniform((10000,4,4), 46, 2.0) + 4 I, b = det_uniform((10000,4), 47, 2.0)
                         (numpy: one batched np.linalg.solve; jax: jit(vmap(solve)); torch: batched solve)
`check` is the float64 sum of the result's elements (for SVD and eigh, of the singular values or
eigenvalues only: the vectors' signs are not unique).
"""
import os
import sys


def find_shared_peers():
    """The shared peer directory: $OLYMPUS_PEERS_DIR, else <repository root>/../shared/benchmarks/peers."""
    override = os.environ.get("OLYMPUS_PEERS_DIR")
    here = os.path.dirname(os.path.realpath(__file__))
    root = here
    while not os.path.isfile(os.path.join(root, "Package.swift")):
        parent = os.path.dirname(root)
        if parent == root:
            root = os.path.dirname(os.path.dirname(here))
            break
        root = parent
    path = os.path.abspath(override) if override else os.path.join(os.path.dirname(root), "shared", "benchmarks", "peers")
    if not os.path.isfile(os.path.join(path, "_common.py")):
        sys.exit("linalg_bench.py: the shared peer harness _common.py was not found in %s "
                 "(set OLYMPUS_PEERS_DIR to the directory holding _common.py)" % path)
    return path


sys.path.insert(0, find_shared_peers())
import numpy as np  # noqa: E402
import _common as C  # noqa: E402


def uniform(shape, seed):
    return C.det_uniform(shape, seed, 2.0).astype(np.float64)


def dominant(shape, seed):
    n = shape[-1]
    return uniform(shape, seed) + n * np.eye(n)


def inputs():
    b2 = uniform((2000, 2000), 42)
    b4 = uniform((1000, 1000), 44)
    return {
        "L1": (dominant((1000, 1000), 40), uniform(1000, 41)),
        "L2": (b2 @ b2.T / 2000 + np.eye(2000),),
        "L3": (uniform((500, 500), 43),),
        "L4": ((b4 + b4.T) / 2,),
        "L5": (dominant((500, 500), 45),),
        "L6": (dominant((10000, 4, 4), 46), uniform((10000, 4), 47)),
    }


def emit(R, workload, system, fn, check, note):
    extra = {"check": check(fn()), "note": note}
    R.bench_emit(workload, system, fn, extra, inner=C.calibrate_inner(fn))


def numpy_peer(R, args, data):
    import scipy.linalg
    values = lambda r: C.checksum(r)
    spectrum = lambda r: C.checksum(r[1]) if isinstance(r, tuple) and len(r) == 3 else C.checksum(r[0])
    table = {
        "L1": (lambda: np.linalg.solve(*data["L1"]), values, "np.linalg.solve"),
        "L2": (lambda: np.linalg.cholesky(*data["L2"]), values, "np.linalg.cholesky"),
        "L3": (lambda: tuple(np.linalg.svd(*data["L3"], full_matrices=False)), spectrum,
               "np.linalg.svd(full_matrices=False)"),
        "L4": (lambda: tuple(np.linalg.eigh(*data["L4"])), spectrum, "np.linalg.eigh"),
        "L5": (lambda: np.linalg.inv(data["L5"][0]).T, values, "np.linalg.inv(A).T (closed form)"),
        "L6": (lambda: np.linalg.solve(data["L6"][0], data["L6"][1][..., None])[..., 0], values,
               "batched np.linalg.solve"),
    }
    for workload, (fn, check, note) in table.items():
        if C.wanted(args, workload):
            emit(R, workload, "numpy", fn, check, note)
    if C.wanted(args, "L1"):
        a, b = data["L1"]
        emit(R, "L1", "scipy", lambda: scipy.linalg.solve(a, b), values, "scipy.linalg.solve")
    if C.wanted(args, "L2"):
        emit(R, "L2", "scipy", lambda: scipy.linalg.cholesky(data["L2"][0], lower=True), values,
             "scipy.linalg.cholesky(lower=True)")
    if C.wanted(args, "L3"):
        emit(R, "L3", "scipy", lambda: tuple(scipy.linalg.svd(data["L3"][0], full_matrices=False)), spectrum,
             "scipy.linalg.svd(full_matrices=False), gesdd")
    if C.wanted(args, "L4"):
        emit(R, "L4", "scipy", lambda: tuple(scipy.linalg.eigh(data["L4"][0], driver="evd")), spectrum,
             "scipy.linalg.eigh(driver='evd')")


def jax_peer(R, args, data):
    os.environ.setdefault("JAX_ENABLE_X64", "1")
    import jax
    import jax.numpy as jnp
    jax.config.update("jax_enable_x64", True)
    device = {k: tuple(jnp.asarray(x) for x in v) for k, v in data.items()}
    ready = lambda f: (lambda: jax.block_until_ready(f()))
    values = lambda r: C.checksum(np.asarray(r))
    table = {
        "L1": (jax.jit(jnp.linalg.solve), values),
        "L2": (jax.jit(jnp.linalg.cholesky), values),
        "L3": (jax.jit(lambda a: jnp.linalg.svd(a, full_matrices=False)), lambda r: C.checksum(np.asarray(r[1]))),
        "L4": (jax.jit(jnp.linalg.eigh), lambda r: C.checksum(np.asarray(r[0]))),
        "L5": (jax.jit(jax.grad(lambda a: jnp.linalg.slogdet(a)[1])), values),
        "L6": (jax.jit(jax.vmap(jnp.linalg.solve)), values),
    }
    for workload, (f, check) in table.items():
        if C.wanted(args, workload):
            emit(R, workload, "jax-jit", ready(lambda f=f, w=workload: f(*device[w])), check, "jax.jit")


def torch_peer(R, args, data):
    import torch
    tensors = {k: tuple(torch.from_numpy(np.ascontiguousarray(x)) for x in v) for k, v in data.items()}
    values = lambda r: C.checksum(r.detach().numpy())

    def slogdet_gradient():
        a = tensors["L5"][0].clone().requires_grad_(True)
        torch.linalg.slogdet(a)[1].backward()
        return a.grad

    table = {
        "L1": (lambda: torch.linalg.solve(*tensors["L1"]), values),
        "L2": (lambda: torch.linalg.cholesky(*tensors["L2"]), values),
        "L3": (lambda: torch.linalg.svd(tensors["L3"][0], full_matrices=False), lambda r: values(r[1])),
        "L4": (lambda: torch.linalg.eigh(tensors["L4"][0]), lambda r: values(r[0])),
        "L5": (slogdet_gradient, values),
        "L6": (lambda: torch.linalg.solve(*tensors["L6"]), values),
    }
    for workload, (fn, check) in table.items():
        if C.wanted(args, workload):
            emit(R, workload, "torch", fn, check, "torch.linalg, eager")


def main():
    args = C.parse_args(__doc__)
    R = C.Reporter(args)
    env = C.base_env()
    env.update({"script": "linalg_bench.py", "numpy": np.__version__})
    C.print_env(env)
    data = inputs()
    for name, peer in (("numpy/scipy", numpy_peer), ("jax", jax_peer), ("torch", torch_peer)):
        try:
            peer(R, args, data)
        except ImportError as error:
            print(f"linalg_bench.py: {name} skipped ({error})", file=sys.stderr)


if __name__ == "__main__":
    main()
