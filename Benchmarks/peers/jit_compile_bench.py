"""Peer side of Olympus's J1 (jit compile time of an unrolled RK4 gradient), in JAX.

Usage:  python jit_compile_bench.py [--quick] [--no-rss] [--system-suffix S] ...
        (the options of the shared peer scripts: ../shared/benchmarks/peers/_common.py)
Prints one JSON object per step count on stdout (system "jax-jit-N"), `ENV {...}` on stderr, in
the format of the shared peer scripts, with the shared harness (_common.bench: quiet wait,
interference monitor).

The program (Sources/olympus-bench/Workloads/PendulumChain.swift has the same definition): a
chain of 8 damped pendulums coupled by springs, float32, state theta[8], omega[8],
parameters p = [g/l, damping, coupling] = [2, 0.125, 0.5]:
    theta' = omega,  omega' = -p0 sin(theta) - p1 omega + p2 L theta
L the chain's discrete Laplacian; RK4 steps of h = 1/64 from theta0 = det_uniform(8, 50, 1.0),
omega0 = 0, unrolled with a Python loop for N = 100, 200, 400, 800 steps; loss =
sum((theta_N - target)^2) + 0.125 sum(omega_N^2), target = det_uniform(8, 51, 1.0).
A repetition is one call of a fresh jax.jit(jax.value_and_grad(loss)) (trace, lower, compile,
first run), as Olympus's J1 repetition is one call of a freshly jitted function. `extra` adds
`value` and `check` (the float64 sum of the value and the gradient), `cpu_ms` (median process CPU
time of a repetition, all threads), aot_lower_ms / aot_compile_ms of one more fresh function
(not with --quick: XLA takes minutes per compile here) and `rss`: peak memory of such a call in
a fresh process. J1_STEPS=5,10,20 measures other step counts (olympus-bench reads it too).
"""
import os
import statistics
import sys
import time

STEP_COUNTS = (100, 200, 400, 800)
SIZE = 8
H = 1.0 / 64
INITIAL_SEED, TARGET_SEED = 50, 51


def find_shared_peers():
    """The shared peer directory: $OLYMPUS_PEERS_DIR, else <repository root>/../shared/benchmarks/peers."""
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
    sys.exit("jit_compile_bench.py: the shared peer harness _common.py was not found in %s "
             "(set OLYMPUS_PEERS_DIR to the directory holding _common.py)" % ", ".join(candidates))


sys.path.insert(0, find_shared_peers())
import numpy as np  # noqa: E402
import _common as C  # noqa: E402
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402


def laplacian():
    L = np.zeros((SIZE, SIZE), np.float32)
    for i in range(SIZE):
        if i > 0:
            L[i, i - 1] = 1
            L[i, i] -= 1
        if i < SIZE - 1:
            L[i, i + 1] = 1
            L[i, i] -= 1
    return L


def make_loss(steps):
    """A new Python function each call, so no jit cache of an earlier one is hit."""
    L = jnp.asarray(laplacian())
    theta0 = jnp.asarray(C.det_uniform(SIZE, INITIAL_SEED, 1.0))
    target = jnp.asarray(C.det_uniform(SIZE, TARGET_SEED, 1.0))

    def loss(p):
        def derivative(theta, omega):
            return omega, -p[0] * jnp.sin(theta) - p[1] * omega + p[2] * (L @ theta)

        theta, omega = theta0, jnp.zeros(SIZE, jnp.float32)
        for _ in range(steps):
            a1, b1 = derivative(theta, omega)
            a2, b2 = derivative(theta + H / 2 * a1, omega + H / 2 * b1)
            a3, b3 = derivative(theta + H / 2 * a2, omega + H / 2 * b2)
            a4, b4 = derivative(theta + H * a3, omega + H * b3)
            theta = theta + H / 6 * (a1 + 2 * a2 + 2 * a3 + a4)
            omega = omega + H / 6 * (b1 + 2 * b2 + 2 * b3 + b4)
        miss = theta - target
        return (miss * miss).sum() + 0.125 * (omega * omega).sum()

    return loss


def parameters():
    return jnp.asarray(np.array([2, 0.125, 0.5], np.float32))


def compile_and_run(steps, p):
    value, gradient = jax.jit(jax.value_and_grad(make_loss(steps)))(p)
    return jax.block_until_ready((value, gradient))


def rss_child(system):
    steps = int(system.rsplit("-", 1)[1])
    state = {}

    def prepare():
        state["p"] = parameters()
        jax.block_until_ready(state["p"])

    out = C.measure_one_call_rss(prepare, lambda: compile_and_run(steps, state["p"]))
    out["steps"] = steps
    out["system"] = system
    print(__import__("json").dumps(out), flush=True)


def main():
    args = C.parse_args(__doc__)
    if args.w4_rss:
        return rss_child(args.w4_rss)
    R = C.Reporter(args)
    env = C.base_env()
    env.update({"script": "jit_compile_bench.py", "jax": jax.__version__,
                "jax_backend": jax.default_backend(), "shared_peers": "../shared/benchmarks/peers"})
    C.print_env(env)
    if not C.wanted(args, "J1"):
        return
    p = parameters()
    only_steps = [int(n) for n in os.environ.get("J1_STEPS", "").split(",") if n] or STEP_COUNTS
    for steps in only_steps:
        cpu, results = [], []

        def call():
            start = time.process_time()
            results.append(compile_and_run(steps, p))
            cpu.append(time.process_time() - start)

        kw = dict(warmup=0, min_reps=3, min_time=0.0, max_time=120.0)
        if args.quick:
            kw.update(min_reps=1, max_time=0.0)
        times = C.bench(call, **kw)
        value, gradient = results[0]
        extra = {"steps": steps, "value": float(value), "check": C.checksum(value, gradient),
                 "cpu_ms": statistics.median(cpu) * 1e3}
        if not args.quick:
            fresh = jax.jit(jax.value_and_grad(make_loss(steps)))
            t0 = C.perf_counter()
            lowered = fresh.lower(p)
            t1 = C.perf_counter()
            lowered.compile()
            t2 = C.perf_counter()
            extra.update(aot_lower_ms=(t1 - t0) * 1e3, aot_compile_ms=(t2 - t1) * 1e3)
        if not args.no_rss:
            extra["rss"] = C.run_rss_child(os.path.realpath(__file__), "jax-jit-%d" % steps)
        R.emit("J1", "jax-jit-%d" % steps, times, extra)


if __name__ == "__main__":
    main()
