"""Peer side of Olympus's least-squares workloads S1-S3 (issue 14): SciPy least_squares.

Usage:  python lsq_bench.py [--only S1,S3] [--quick] ...   (options of ../shared/benchmarks/peers/_common.py)
Needs numpy, scipy and, for S1's exact Jacobians, jax (the /root/.venvs/jax environment has all three).
Prints one JSON object per workload and system on stdout, `ENV {...}` on stderr.

  S1  the 54 NIST StRD fits (27 problems x 2 certified starts), float64, exact Jacobians (JAX jacfwd,
      jit-compiled before timing), ftol = xtol = gtol = 1e-15; one call = the whole sweep.
      extra.nfev is the total of residual evaluations (nist_scipy.py prints the per-fit LREs).
  S2  dense fit, 10^4 residuals x 100 parameters: r(t) = tanh(A t / 10) - tanh(A t* / 10),
      A = det_uniform((10000, 100), 60, 2.0), t* = det_uniform(100, 61, 2.0), from t = 0, float64,
      the exact Jacobian written by hand; default tolerances.
  S3  Broyden tridiagonal (More-Garbow-Hillstrom #30), n = 10^6, from x = -1, trf with
      tr_solver="lsmr" and a hand-written sparse (tridiagonal) Jacobian, ftol = xtol = gtol = 1e-15.
With optimistix installed (a venv with `pip install optimistix`), S2 and S3 also run
optx.least_squares with optx.LevenbergMarquardt under jax.jit (float64); extra.compile_ms is the
first call's time minus the median (compilation, reported separately).
Olympus's side: Sources/olympus-bench/Workloads/LeastSquaresWorkloads.swift.
"""
import os
import sys

from linalg_bench import find_shared_peers  # noqa: E402  (same directory)

sys.path.insert(0, find_shared_peers())
import numpy as np  # noqa: E402
import _common as C  # noqa: E402

TIGHT = {"ftol": 1e-15, "xtol": 1e-15, "gtol": 1e-15}


def s1(R, args):
    import jax
    import jax.numpy as jnp
    from scipy.optimize import least_squares
    import nist_scipy as N
    jax.config.update("jax_enable_x64", True)
    files = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Sources", "OlympusData", "Resources", "nist")
    fits = []
    for name in N.NAMES:
        starts, _, _, y, x = N.parse(os.path.join(files, name + ".dat"))
        if name == "Nelson":
            y = np.log(y)
            f = lambda b, y=y, x=x: b[0] - b[1] * x[:, 0] * jnp.exp(-b[2] * x[:, 1]) - y
        else:
            f = lambda b, y=y, x=x[:, 0], m=N.MODELS[name]: m(b, x) - y
        fun, jac = jax.jit(f), jax.jit(jax.jacfwd(f))
        fun(jnp.array(starts[0])).block_until_ready()
        jac(jnp.array(starts[0])).block_until_ready()
        for start in starts:
            fits.append((fun, jac, np.array(start)))
    for method in ["trf", "lm"]:
        def sweep(method=method):
            return sum(least_squares(lambda b, fun=fun: np.asarray(fun(b)), start, jac=lambda b, jac=jac: np.asarray(jac(b)),
                                     method=method, **TIGHT).nfev for fun, jac, start in fits)
        R.bench_emit("S1", "scipy-" + method, sweep, {"nfev": sweep(), "note": "exact Jacobians by jax.jit(jacfwd)"},
                     min_reps=5, warmup=1)


def s2(R, args):
    from scipy.optimize import least_squares
    a = C.det_uniform((10000, 100), 60, 2.0).astype(np.float64)
    target = np.tanh(a @ C.det_uniform(100, 61, 2.0).astype(np.float64) / 10)
    fun = lambda t: np.tanh(a @ t / 10) - target
    jac = lambda t: (1 - np.tanh(a @ t / 10) ** 2)[:, None] * a / 10
    for method in ["trf", "lm"]:
        call = lambda method=method: least_squares(fun, np.zeros(100), jac=jac, method=method)
        first = call()
        R.bench_emit("S2", "scipy-" + method, call, {"cost": float(first.cost), "nfev": int(first.nfev),
                                                      "njev": int(first.njev)}, min_reps=5, warmup=1)


def s3(R, args):
    import scipy.sparse as sparse
    from scipy.optimize import least_squares
    n = 1_000_000

    def fun(x):
        padded = np.concatenate([[0.0], x, [0.0]])
        return (3 - 2 * x) * x - padded[:-2] - 2 * padded[2:] + 1

    def jac(x):
        return sparse.diags([-np.ones(n - 1), 3 - 4 * x, -2 * np.ones(n - 1)], [-1, 0, 1], format="csr")

    call = lambda: least_squares(fun, -np.ones(n), jac=jac, method="trf", tr_solver="lsmr", **TIGHT)
    first = call()
    R.bench_emit("S3", "scipy-trf-lsmr", call, {"residual_norm": float(np.linalg.norm(first.fun)), "nfev": int(first.nfev),
                                                "njev": int(first.njev), "peak_rss_mb": C.maxrss_mb()},
                 min_reps=3, warmup=1)


def optimistix_peer(R, args):
    import time
    import jax
    import jax.numpy as jnp
    import lineax as lx
    import optimistix as optx
    jax.config.update("jax_enable_x64", True)

    def emit(workload, solve, y0, note):
        begin = time.perf_counter()
        first = jax.block_until_ready(solve(y0))
        first_ms = (time.perf_counter() - begin) * 1e3
        record = R.bench_emit(workload, "optimistix-jit", lambda: jax.block_until_ready(solve(y0)),
                              {"note": note, "first_call_ms": first_ms}, min_reps=3, warmup=1)
        print(f"# {workload} optimistix compile_ms ~ {first_ms - record['median_ms']:.0f}", file=sys.stderr)
        return first

    if C.wanted(args, "S2"):
        a = jnp.asarray(C.det_uniform((10000, 100), 60, 2.0).astype(np.float64))
        target = jnp.tanh(a @ jnp.asarray(C.det_uniform(100, 61, 2.0).astype(np.float64)) / 10)
        solver = optx.LevenbergMarquardt(rtol=1e-10, atol=1e-10)
        solve = jax.jit(lambda y0: optx.least_squares(lambda t, _: jnp.tanh(a @ t / 10) - target, solver, y0,
                                                       max_steps=1000, throw=False).value)
        emit("S2", solve, jnp.zeros(100), "optx.LevenbergMarquardt(rtol=atol=1e-10), dense QR")
    if C.wanted(args, "S3"):
        n = 1_000_000

        def fun(x, _):
            padded = jnp.concatenate([jnp.zeros(1), x, jnp.zeros(1)])
            return (3 - 2 * x) * x - padded[:-2] - 2 * padded[2:] + 1

        solver = optx.LevenbergMarquardt(rtol=1e-12, atol=1e-12, linear_solver=lx.NormalCG(rtol=1e-8, atol=1e-8))
        solve = jax.jit(lambda y0: optx.least_squares(fun, solver, y0, max_steps=200, throw=False).value)
        x = emit("S3", solve, -jnp.ones(n), "optx.LevenbergMarquardt with lineax.NormalCG (matrix-free)")
        print(f"# S3 optimistix residual norm {float(jnp.linalg.norm(fun(x, None))):.3e}", file=sys.stderr)


def main():
    args = C.parse_args(__doc__)
    R = C.Reporter(args)
    env = C.base_env()
    env.update({"script": "lsq_bench.py", "numpy": np.__version__, "scipy": __import__("scipy").__version__})
    C.print_env(env)
    for workload, run in (("S1", s1), ("S2", s2), ("S3", s3)):
        if C.wanted(args, workload):
            try:
                run(R, args)
            except ImportError as error:
                print(f"lsq_bench.py: {workload} skipped ({error})", file=sys.stderr)
    try:
        optimistix_peer(R, args)
    except ImportError as error:
        print(f"lsq_bench.py: optimistix skipped ({error})", file=sys.stderr)


if __name__ == "__main__":
    main()
