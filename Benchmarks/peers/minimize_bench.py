"""Peer side of Olympus's minimization workload S4: SciPy's L-BFGS-B, Newton-CG and trust-ncg, and
optimistix under jax.jit (compile time reported separately) when installed.

Usage:  python minimize_bench.py [--only S4] [--quick] [--system-suffix S] ...
        (the options of the shared peer scripts: ../shared/benchmarks/peers/_common.py)
Prints one JSON object per system on stdout, `ENV {...}` on stderr, in the format of the shared peer
scripts, with the shared harness. A peer library that is not installed is skipped with a note.

  S4  the extended Rosenbrock function (More-Garbow-Hillstrom #21), n = 10^5, float64, from the
      standard start (-1.2, 1, ...), f = sum 100 (x[2i+1] - x[2i]^2)^2 + (1 - x[2i])^2, to a gradient
      tolerance ||grad f||_2 <= 1e-6 (Sources/olympus-bench/Workloads/S4ExtendedRosenbrock.swift); SciPy's
      methods are stopped at the same test by a callback (their own tests are off), optimistix by its
      Cauchy test on steps (it has no gradient test), and the final gradient norm is reported. Gradients and Hessian-vector products are written by hand
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
    # np.dot, not @: numpy's matmul path for two vectors is two orders of magnitude slower here.
    return 100.0 * np.dot(valley, valley) + np.dot(offset, offset), g


def hessian_product(x, v):
    odd, even = x[0::2], x[1::2]
    vo, ve = v[0::2], v[1::2]
    h = np.empty_like(x)
    h[0::2] = (1200.0 * odd * odd - 400.0 * even + 2.0) * vo - 400.0 * odd * ve
    h[1::2] = -400.0 * odd * vo + 200.0 * ve
    return h


TOLERANCE = 1e-6


class GradientNormStop:
    """Stops a SciPy method at the first iterate with ||grad f||_2 <= TOLERANCE, Olympus's test: the
    objective keeps its last gradient, and the per-iteration callback raises StopIteration (SciPy
    >= 1.11). The methods' own gradient tests use the max norm (weaker by up to sqrt(n))."""

    def __init__(self):
        self.x = None
        self.g = None

    def __call__(self, x):
        f, g = value_and_gradient(x)
        self.x, self.g = x.copy(), g
        return f, g

    def callback(self, intermediate_result):
        x = intermediate_result.x
        g = self.g if self.x is not None and np.array_equal(x, self.x) else value_and_gradient(x)[1]
        if np.linalg.norm(g) <= TOLERANCE:
            raise StopIteration


def describe(result):
    _, g = value_and_gradient(result.x)
    norm = float(np.linalg.norm(g))
    return {"value": float(result.fun), "gradient_norm": norm, "iterations": int(result.nit),
            "evaluations": int(result.nfev), "converged": norm <= TOLERANCE}


def scipy_peer(R, args):
    import scipy
    from scipy.optimize import minimize
    x0 = start()

    def run(method, **options):
        objective = GradientNormStop()
        return minimize(objective, x0, jac=True, hessp=None if method == "L-BFGS-B" else hessian_product,
                        method=method, callback=objective.callback, options=options)

    runs = {
        "scipy-lbfgsb": lambda: run("L-BFGS-B", maxcor=10, gtol=0.0, ftol=0.0, maxiter=100000, maxfun=100000),
        "scipy-newton-cg": lambda: run("Newton-CG", xtol=1e-14, maxiter=100000),
        "scipy-trust-ncg": lambda: run("trust-ncg", gtol=1e-12, maxiter=100000),
    }
    for system, call in runs.items():
        extra = describe(call())
        extra["scipy"] = scipy.__version__
        R.bench_emit("S4", system, call, extra, min_reps=5, min_time=2.0, warmup=1)


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

    # optimistix stops on small changes of x and f (its Cauchy test in the max norm), not on the
    # gradient: rtol = atol = 1e-9 gives a final gradient norm near Olympus's 1e-6 (both are reported).
    solver = optx.LBFGS(rtol=1e-9, atol=1e-9, history_length=10)
    # The solution, step count and final loss leave the jitted function (the full Solution holds a
    # closure, not an array).
    def solve_arrays(x0):
        solution = optx.minimise(loss, solver, x0, max_steps=100000, throw=False)
        return solution.value, solution.stats["num_steps"]

    solve = jax.jit(solve_arrays)
    x0 = jnp.asarray(start())
    _, seconds = C.timed_once(lambda: jax.block_until_ready(solve(x0)))
    run = lambda: jax.block_until_ready(solve(x0))
    x, steps = run()
    g = jax.grad(loss)(x, None)
    extra = {"value": float(loss(x, None)), "gradient_norm": float(jnp.linalg.norm(g)), "iterations": int(steps), "first_call_ms": seconds * 1e3, "compile_note": "first_call_ms includes tracing and XLA compilation",
             "optimistix": optx.__version__ if hasattr(optx, "__version__") else "unknown"}
    R.bench_emit("S4", "optimistix-lbfgs-jit", run, extra, min_reps=5, min_time=2.0, warmup=1)


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
