"""Peer side of Olympus's minimization workload S4: SciPy's L-BFGS-B, Newton-CG and trust-ncg, and
optimistix under jax.jit (compile time reported separately) when installed.

Usage:  python minimize_bench.py [--only S4] [--quick] [--system-suffix S] ...
        (the options of the shared peer scripts: ../shared/benchmarks/peers/_common.py)
Prints one JSON object per system on stdout, `ENV {...}` on stderr, in the format of the shared peer
scripts, with the shared harness. A peer library that is not installed is skipped with a note.

  S4  the extended Rosenbrock function (More-Garbow-Hillstrom #21), n = 10^5, float64, from the
      standard start (-1.2, 1, ...), f = sum 100 (x[2i+1] - x[2i]^2)^2 + (1 - x[2i])^2, to a gradient
      tolerance of 1e-6 (Sources/olympus-bench/Workloads/S4ExtendedRosenbrock.swift: Olympus stops at
      ||grad f||_2 <= 1e-6; SciPy's L-BFGS-B and trust-ncg test the max-norm, a weaker test, and
      Newton-CG has only its step test xtol). Gradients and Hessian-vector products are written by hand
      with numpy (the fastest SciPy can be given). Extra fields: value, gradient norm, iterations,
      evaluations.
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
        sys.exit("minimize_bench.py: the shared peer harness _common.py was not found in %s "
                 "(set OLYMPUS_PEERS_DIR to the directory holding _common.py)" % path)
    return path


sys.path.insert(0, find_shared_peers())
import numpy as np  # noqa: E402
import _common as C  # noqa: E402

N = 100_000


def start():
    x = np.empty(N)
    x[0::2] = -1.2
    x[1::2] = 1.0
    return x


def value_and_gradient(x):
    odd, even = x[0::2], x[1::2]
    valley = even - odd * odd
    offset = 1.0 - odd
    g = np.empty_like(x)
    g[0::2] = -400.0 * valley * odd - 2.0 * offset
    g[1::2] = 200.0 * valley
    return 100.0 * valley @ valley + offset @ offset, g


def hessian_product(x, v):
    odd, even = x[0::2], x[1::2]
    vo, ve = v[0::2], v[1::2]
    h = np.empty_like(x)
    h[0::2] = (1200.0 * odd * odd - 400.0 * even + 2.0) * vo - 400.0 * odd * ve
    h[1::2] = -400.0 * odd * vo + 200.0 * ve
    return h


def describe(result):
    _, g = value_and_gradient(result.x)
    return {"value": float(result.fun), "gradient_norm": float(np.linalg.norm(g)), "iterations": int(result.nit),
            "evaluations": int(result.nfev), "converged": bool(result.success)}


def scipy_peer(R, args):
    import scipy
    from scipy.optimize import minimize
    x0 = start()
    runs = {
        "scipy-lbfgsb": lambda: minimize(value_and_gradient, x0, jac=True, method="L-BFGS-B",
                                         options={"maxcor": 10, "gtol": 1e-6, "ftol": 0.0, "maxiter": 100000,
                                                  "maxfun": 100000}),
        "scipy-newton-cg": lambda: minimize(value_and_gradient, x0, jac=True, hessp=hessian_product,
                                            method="Newton-CG", options={"xtol": 1e-10, "maxiter": 100000}),
        "scipy-trust-ncg": lambda: minimize(value_and_gradient, x0, jac=True, hessp=hessian_product,
                                            method="trust-ncg", options={"gtol": 1e-6, "maxiter": 100000}),
    }
    for system, run in runs.items():
        extra = describe(run())
        extra["scipy"] = scipy.__version__
        R.bench_emit("S4", system, run, extra, min_reps=5, min_time=2.0, warmup=1)


def optimistix_peer(R, args):
    os.environ.setdefault("JAX_ENABLE_X64", "1")
    import jax
    import jax.numpy as jnp
    import optimistix as optx
    jax.config.update("jax_enable_x64", True)

    def loss(x, _):
        odd, even = x[0::2], x[1::2]
        valley = even - odd * odd
        offset = 1.0 - odd
        return 100.0 * valley @ valley + offset @ offset

    # optimistix has no L-BFGS: its BFGS keeps a dense n x n matrix, impossible at n = 1e5, so the peer
    # is its nonlinear conjugate gradient (Polak-Ribiere) and gradient descent is left out.
    solver = optx.NonlinearCG(rtol=0.0, atol=1e-6)
    solve = jax.jit(lambda x0: optx.minimise(loss, solver, x0, max_steps=100000, throw=False))
    x0 = jnp.asarray(start())
    first, seconds = C.timed_once(lambda: jax.block_until_ready(solve(x0).value))
    run = lambda: jax.block_until_ready(solve(x0))
    result = run()
    g = jax.grad(loss)(result.value, None)
    extra = {"value": float(loss(result.value, None)), "gradient_norm": float(jnp.linalg.norm(g)),
             "iterations": int(result.stats["num_steps"]), "first_call_ms": seconds * 1e3,
             "optimistix": optx.__version__ if hasattr(optx, "__version__") else "unknown"}
    R.bench_emit("S4", "optimistix-ncg-jit", run, extra, min_reps=5, min_time=2.0, warmup=1)


def main():
    args = C.parse_args(__doc__)
    R = C.Reporter(args)
    env = C.base_env()
    env.update({"script": "minimize_bench.py", "numpy": np.__version__})
    C.print_env(env)
    if not C.wanted(args, "S4"):
        return
    for name, peer in (("scipy", scipy_peer), ("optimistix", optimistix_peer)):
        try:
            peer(R, args)
        except ImportError as error:
            print(f"minimize_bench.py: {name} skipped ({error})", file=sys.stderr)


if __name__ == "__main__":
    main()
