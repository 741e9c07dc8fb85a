#!/usr/bin/env python3
"""BENCHMARKS.md from the results of Scripts/benchmarks.sh (stdlib only).

Usage:  python3 Scripts/benchmark-table.py [RESULTS_DIR] > BENCHMARKS.md
RESULTS_DIR (default Benchmarks/results) holds run.json and round-N/*.jsonl with the
ENV lines in round-N/*.stderr.txt.  Ratios are taken within a round (the host's speed drifts
between rounds), then the median over rounds is shown; acceptance targets are judged on it.
"""
import glob
import json
import os
import re
import statistics
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLEAN = 0.05   # foreign CPU fraction up to which a measurement counts as undisturbed (peer README)

WORKLOADS = {   # name: (title, unit of the time columns)
    "W1": ("eager op dispatch: `c = a + b`, float32 [100], time per op", "µs"),
    "W2": ("small gradient: `grad(of: { x in (tanh(x) * tanh(x)).sum() })(x)`, float32 [1000]", "µs"),
    "W4": ("big elementwise value and gradient: `valueAndGrad(of: { x in (exp(sin(x)) * x).sum() })(x)`, "
           "float32 [10^7]", "ms"),
    "W5": ("Hessian–vector product of `f(X) = sum(tanh(X)²)`, X, V float32 1000 × 1000", "ms"),
    "W6": ("Jacobian of `f(x) = tanh(W x)`, W float32 256 × 256, x [256]", "ms"),
    "W7": ("matmul: `A @ B`, float32 1024 × 1024", "ms"),
    "W8": ("linear regression: 10 epochs of `valueAndGrad` over `[W, b]`, x [30, 2]", "ms"),
    "W9": ("per-example gradients of `sum((x_i W + b − y_i)²)` w.r.t. W [100, 10] and b [10], batch 256", "ms"),
    "E1": ("`exp(x)`, float32 [10^7], x = det_uniform(10^7, 20, 2.0)", "ms"),
    "E2": ("`x + y`, float32 [10^7], x, y = det_uniform(10^7, 21 / 22, 2.0)", "ms"),
    "E3": ("`x.sum()`, float32 [10^7] to a scalar, x = det_uniform(10^7, 20, 2.0)", "ms"),
}
REFERENCE_CHECKS = {   # peer README, float64
    "W1": (16.13730812072754, "sum(c)"),
    "W2": (-4.073129690682724, "sum(grad)"),
    "W4": (13755018.290774843, "sum(grad); value 3250687.6324482067"),
    "W5": (822.5334497192468, "sum(H·V)"),
    "W6": (-10.040043698801274, "sum(J)"),
    "W7": (-3737.479332204538, "sum(A@B)"),
    "W9": (-426.70746898420566, "sum(dW) + sum(db)"),
}
# shared/reference/linreg_seed.json "expected_losses" (JAX eager float32).
LINREG_REFERENCE_LOSSES = [110.29004669189453, 17.175777435302734, 15.484457015991211, 14.274347305297852,
                           13.16495132446289, 12.146305084228516, 11.210689544677734, 10.351066589355469,
                           9.561012268066406, 8.834659576416016]
NOTES = {   # what each workload's Olympus systems do differently from the peers, by design
    "W2": "The gradient function is built once, outside the timed call (as the peers' `jax.grad(f)`).",
    "W4": "`forward_ms`: the function alone, measured in the same process just before and after valueAndGrad. "
          "Peak memory (`extra.rss`): a fresh process builds x, then calls once, twice; peak RSS from `VmHWM` "
          "after `echo 5 > /proc/self/clear_refs`, minus the RSS just before the call.",
    "W5": "fwd-over-rev = `hvp(at:along:of:)` = `jvp(at: X, along: V, of: grad(of: f)).tangent`; rev-over-fwd = "
          "`grad(of: { x in jvp(at: x, along: V, of: f).tangent })(X)`; rev-over-rev = "
          "`grad(of: { x in (grad(of: f)(x) * V).sum() })(X)`.",
    "W6": "Olympus captures W as a constant in the closure (`jacfwd`/`jacrev` take functions of one tensor); "
          "the JAX peers pass W as an argument (`argnums=1`), torch.func captures it like Olympus.  "
          "`olympus-jacfwd`/`-jacrev` run one batched pass under `vmap`; `olympus-jacrev-loop` calls one "
          "`vjp`'s pullback 256 times on the rows of `eye(256)` and stacks them.",
    "W8": "One call = all 10 epochs from the initial parameters, reading each loss out as a `Double`.",
    "W9": "`olympus-vmap` = `vmap(inAxes: [nil, nil, 0, 0], of: { w, b, x, y in grad(of: loss)(w, b) })`; "
          "`olympus-loop` calls the same per-example gradient on `X[i]`, `Y[i]` 256 times and stacks.",
}


def workload_order(name):
    """W1…W9 first, then Olympus's own E1…, each by number."""
    return (name[0] != "W", int(name[1:]) if name[1:].isdigit() else 0, name)


def is_olympus(system):
    return system.startswith("olympus")


def foreign(record):
    value = record["extra"].get("interference", {}).get("foreign_cpu_frac")
    return 1.0 if value is None else value


def better(a, b):
    """The record to keep when a (workload, system) occurs twice in a round (as summarize.py)."""
    ca, cb = foreign(a) <= CLEAN, foreign(b) <= CLEAN
    if ca != cb:
        return ca
    return a["median_ms"] < b["median_ms"] if ca else foreign(a) < foreign(b)


def load(results):
    rounds = []
    for path in sorted(glob.glob(os.path.join(results, "round-*")), key=lambda p: int(re.sub(r"\D", "", p) or 0)):
        records, envs = {}, {}
        for name in sorted(glob.glob(os.path.join(path, "*.jsonl"))):
            with open(name) as f:
                for line in f:
                    line = line.strip()
                    if not line.startswith("{"):
                        continue
                    r = json.loads(line)
                    key = (r["workload"], r["system"])
                    if key not in records or better(r, records[key]):
                        records[key] = r
        for name in sorted(glob.glob(os.path.join(path, "*.stderr.txt"))):
            with open(name) as f:
                for line in f:
                    if line.startswith("ENV "):
                        envs[os.path.basename(name)[:-len(".stderr.txt")]] = json.loads(line[4:])
                        break
        rounds.append({"name": os.path.basename(path), "records": records, "env": envs})
    run = {}
    if os.path.exists(os.path.join(results, "run.json")):
        with open(os.path.join(results, "run.json")) as f:
            run = json.load(f)
    return run, rounds


def fmt(v, digits=3):
    if v is None:
        return "—"
    if abs(v) >= 100:
        return "%.0f" % v
    if abs(v) >= 10:
        return "%.1f" % v
    if abs(v) >= 1:
        return "%.2f" % v
    return "%.*f" % (digits, v)


def flag(*records):
    """⚠ when another process used more than 5 % of the machine during one of the measurements."""
    return " ⚠" if any(foreign(r) > CLEAN for r in records) else ""


def per_op(record, unit):
    return record["median_ms"] * (1e3 if unit == "µs" else 1.0)


def gflops(record):
    return record["extra"].get("gflops_median")


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def systems_of(rounds, workload):
    seen = []
    for rd in rounds:
        for (w, s) in rd["records"]:
            if w == workload and s not in seen:
                seen.append(s)
    return sorted(seen, key=lambda s: (not is_olympus(s), seen.index(s)))


def time_ratio(rd, workload, ours, peer):
    """Olympus time ÷ peer time within one round, and the two records."""
    a, b = rd["records"].get((workload, ours)), rd["records"].get((workload, peer))
    if a is None or b is None:
        return None, []
    return a["median_ms"] / b["median_ms"], [a, b]


# ------------------------------------------------------------------------------------------------
# Sections
# ------------------------------------------------------------------------------------------------

def machine_section(run, rounds):
    out = ["## Machine and software", ""]
    envs = {}
    for rd in rounds:
        for k, v in rd["env"].items():
            envs.setdefault(k, v)
    oly, fb = envs.get("olympus", {}), envs.get("olympus_fallback", {})
    peer = envs.get("numpy_autograd") or envs.get("numpy_elementwise") or {}
    blas = peer.get("blas", {}) if isinstance(peer.get("blas"), dict) else {}
    out.append("* CPU: %s, %s logical CPUs (`%s`)" % (oly.get("cpu") or peer.get("cpu"), oly.get("cpu_count") or
                                                     peer.get("cpu_count"), run.get("kernel") or oly.get("platform")))
    out.append("* Swift: %s; olympus-bench built `%s` (commit %s)" % (
        run.get("swift", oly.get("swift_compiler")), oly.get("build"), run.get("commit", "?")))
    out.append("* Olympus: %s kernel threads, SIMD paths (AVX-512 where the CPU has it, else AVX2/FMA) %s; matmul backend `%s`%s" % (
        oly.get("threads"), "on" if oly.get("simd") else "off", oly.get("blas"),
        " (with `OLYMPUS_DISABLE_BLAS=1`: `%s`)" % fb["blas"] if fb.get("blas") else ""))
    out.append("* Peers: Python %s, numpy %s%s; numpy's OpenBLAS kernel `%s`, %s threads; "
               "numpy elementwise ops and sums run on one thread" % (
                   peer.get("python"), peer.get("numpy"),
                   ", autograd %s" % peer["autograd"] if peer.get("autograd") else "",
                   blas.get("openblas_corename"), blas.get("openblas_num_threads")))
    jax, torch = envs.get("jax"), envs.get("torch")
    if jax:
        out.append("* JAX: jax %s, jaxlib %s on `%s` (x64 %s), XLA:CPU default thread pool; *eager* = no `jax.jit` "
                   "anywhere (every primitive dispatched separately), *jit* times exclude compilation" % (
                       jax.get("jax"), jax.get("jaxlib"), jax.get("default_backend"), jax.get("x64")))
    if torch:
        out.append("* PyTorch: %s, %s intra-op threads, CPU capability %s; eager autograd and `torch.func`, "
                   "no `torch.compile`" % (torch.get("torch"), torch.get("num_threads"), torch.get("cpu_capability")))
    env = {k: v for k, v in (peer.get("env") or {}).items() if v is not None}
    env.update({k: v for k, v in (oly.get("env") or {}).items() if v is not None})
    out.append("* Environment variables set: %s" % (
        ", ".join("`%s=%s`" % kv for kv in sorted(env.items())) or "none of the BLAS/thread variables"))
    out.append("* %d round(s) (%s), odd rounds peers first, even rounds Olympus first%s" % (
        len(rounds), run.get("date_utc", "date unknown"),
        "; arguments `%s`" % run["bench_args"].strip() if run.get("bench_args", "").strip() else ""))
    return out


def workload_section(rounds, workload):
    title, unit = WORKLOADS.get(workload, (workload, "ms"))
    systems = systems_of(rounds, workload)
    if not systems:
        return []
    names = [rd["name"].replace("round-", "round ") for rd in rounds]
    out = ["### %s — %s" % (workload, title), ""]
    gfl = workload == "W7"
    head = "| system | " + " | ".join(names) + " | median over rounds | check |"
    out += [head, "|---|" + "---:|" * len(names) + "---:|---:|"]
    for s in systems:
        cells, values, gvalues, check = [], [], [], None
        for rd in rounds:
            r = rd["records"].get((workload, s))
            if r is None:
                cells.append("—")
                continue
            v = per_op(r, unit)
            values.append(v)
            text = "%s %s" % (fmt(v), unit)
            if gfl and gflops(r) is not None:
                gvalues.append(gflops(r))
                text += " (%s GFLOP/s)" % fmt(gflops(r))
            cells.append(text + flag(r))
            check = r["extra"].get("check", check)
        m = med(values)
        total = "—" if m is None else "%s %s" % (fmt(m), unit)
        if gvalues:
            total += " (%s GFLOP/s)" % fmt(med(gvalues))
        out.append("| %s | %s | **%s** | %s |" % (s, " | ".join(cells), total,
                                                  "—" if check is None else "%.10g" % check))
    ours = [s for s in systems if is_olympus(s)]
    peers = [s for s in systems if not is_olympus(s)]
    if ours and peers:
        out += ["", "Time ratio Olympus ÷ peer (**below 1 = Olympus faster**), median over rounds of the per-round "
                "ratios, the per-round values in brackets%s:" % (
                    "; GFLOP/s ratio = its inverse (above 1 = Olympus faster)" if gfl else ""), ""]
        out += ["| peer | " + " | ".join(ours) + " |", "|---|" + "---:|" * len(ours)]
        for p in peers:
            cells = []
            for o in ours:
                values, disturbed = [], ""
                for rd in rounds:
                    ratio, recs = time_ratio(rd, workload, o, p)
                    values.append(ratio)
                    disturbed = disturbed or flag(*recs)
                m = med(values)
                cells.append("—" if m is None else "**%s** (%s)%s" % (
                    fmt(m), ", ".join("—" if v is None else fmt(v) for v in values), disturbed))
            out.append("| %s | %s |" % (p, " | ".join(cells)))
    if workload == "W4":
        out += memory_table(rounds)
    if workload == "W8":
        out += linreg_table(rounds, systems)
    if workload in REFERENCE_CHECKS:
        value, what = REFERENCE_CHECKS[workload]
        out += ["", "`check` = float64 sum of the result (%s); float64 reference (peer README): %r." % (what, value)]
    if workload in NOTES:
        out += ["", NOTES[workload]]
    return out + [""]


def rss_delta(record, call="first_call"):
    rss = record["extra"].get("rss") if record else None
    if not isinstance(rss, dict):
        return None
    return (rss.get(call) or {}).get("peak_delta_mb")


def memory_table(rounds):
    """W4: peak RSS above the pre-call RSS, first and second call in a fresh process, per round."""
    systems = [s for s in systems_of(rounds, "W4")
               if any(rss_delta(rd["records"].get(("W4", s))) is not None for rd in rounds)]
    if not systems:
        return []
    names = [rd["name"].replace("round-", "round ") for rd in rounds]
    out = ["", "Peak memory of one call in a fresh process, MiB above the RSS just before the call (first call / "
           "second call; x itself is 38.1 MiB, every full-size float32 temporary another 38.1):", "",
           "| system | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for s in systems:
        cells = []
        for rd in rounds:
            r = rd["records"].get(("W4", s))
            a, b = rss_delta(r), rss_delta(r, "second_call")
            cells.append("—" if a is None else "%.0f / %s" % (a, "—" if b is None else "%.0f" % b))
        out.append("| %s | %s |" % (s, " | ".join(cells)))
    forward = [(rd, rd["records"].get(("W4", "olympus"))) for rd in rounds]
    cells = ["—" if r is None or r["extra"].get("forward_ms") is None else "%s ms (valueAndGrad ÷ forward %s)" % (
        fmt(r["extra"]["forward_ms"]), fmt(r["median_ms"] / r["extra"]["forward_ms"])) for _, r in forward]
    out += ["", "Olympus forward alone (`sum(exp(sin(x)) * x)`): " + "; ".join(
        "%s: %s" % (n, c) for n, c in zip(names, cells)) + "."]
    mem = [(rd["records"].get(("W4", "olympus")) or {}).get("extra", {}).get("rss_forward") for rd in rounds]
    mem = [m["first_call"]["peak_delta_mb"] for m in mem if isinstance(m, dict) and m.get("first_call")]
    if mem:
        out[-1] += "  Its first call's peak: %s MiB above the RSS before it." % " / ".join("%.0f" % m for m in mem)
    return out


def linreg_table(rounds, systems):
    """W8: the recorded losses against the reference (shared/reference/linreg_seed.json)."""
    reference = LINREG_REFERENCE_LOSSES
    rows = []
    for s in systems:
        for rd in rounds:
            r = rd["records"].get(("W8", s))
            if r and r["extra"].get("losses"):
                rows.append((s, r["extra"]["losses"], r["extra"].get("losses_str")))
                break
    if not rows:
        return []
    out = ["", "Losses (first round that has them) and the largest relative difference from the reference "
           "float32 losses of `shared/reference/linreg_seed.json` (JAX eager; other float32 systems differ "
           "by 1–2 ulp with summation order, so ≤ 1e-5 counts as a match):", "",
           "| system | loss 1 | loss 2 | loss 10 | max rel. difference | match |", "|---|---:|---:|---:|---:|---|"]
    for s, losses, text in rows:
        diff = max(abs(a - b) / abs(b) for a, b in zip(losses, reference))
        shown = text or ["%.8g" % v for v in losses]
        out.append("| %s | %s | %s | %s | %.2g | %s |" % (
            s, shown[0], shown[1], shown[-1], diff,
            "yes" if diff <= 1e-5 and len(losses) == len(reference) else "**no**"))
    return out


def blas_ok(record, need):
    blas = str(record["extra"].get("blas", ""))
    if need == "system":
        return blas.lower().startswith("systemblas")
    if need == "builtIn":
        return blas == "builtIn"
    return True


# ---- how a target's per-round value is found: each returns (value, records used, note or None) ----

def time_of(workload, ours, peer, need=None):
    """Olympus time ÷ peer time."""
    def value(rd):
        ratio, recs = time_ratio(rd, workload, ours, peer)
        if ratio is not None and need and not blas_ok(recs[0], need):
            return None, recs, "not measured: %s ran with matmul backend `%s`" % (ours, recs[0]["extra"].get("blas"))
        return ratio, recs, None
    return value


def speed_of(workload, ours, peer, need=None):
    """Peer time ÷ Olympus time (how many times faster Olympus is)."""
    inner = time_of(workload, ours, peer, need)

    def value(rd):
        ratio, recs, note = inner(rd)
        return (None if ratio is None else 1.0 / ratio), recs, note
    return value


def time_of_fastest(workload, ours, peers):
    """Olympus time ÷ the time of the fastest of `peers` in that round (named in the cell)."""
    def value(rd):
        a = rd["records"].get((workload, ours))
        candidates = [rd["records"][(workload, p)] for p in peers if (workload, p) in rd["records"]]
        if a is None or not candidates:
            return None, [], None
        best = min(candidates, key=lambda r: r["median_ms"])
        return a["median_ms"] / best["median_ms"], [a, best], best["system"]
    return value


def ratio_to_forward(workload, ours):
    """Olympus time ÷ the time of the forward function alone (`extra.forward_ms` of the same record)."""
    def value(rd):
        a = rd["records"].get((workload, ours))
        if a is None or not a["extra"].get("forward_ms"):
            return None, [], None
        return a["median_ms"] / a["extra"]["forward_ms"], [a], None
    return value


def memory_of(workload, ours, peer):
    """Olympus first-call peak RSS delta ÷ the peer's (fresh processes, `extra.rss`)."""
    def value(rd):
        a, b = rd["records"].get((workload, ours)), rd["records"].get((workload, peer))
        da, db = rss_delta(a), rss_delta(b)
        if da is None or not db:
            return None, [], None
        return da / db, [], "%.0f / %.0f MiB" % (da, db)
    return value


W5_TORCH = ["torch-func-fwd-over-rev", "torch-func-rev-over-rev", "torch-autograd-double-backward"]

TARGETS = [
    # issue, target, measure, per-round value, "≤" or "≥", bound
    ("2", "W1 per-op time ≤ numpy's", "time olympus ÷ numpy", time_of("W1", "olympus", "numpy"), "≤", 1.0),
    ("2", "W7 GFLOP/s ≥ 0.9 × numpy's, Olympus on the system OpenBLAS", "speed olympus ÷ numpy",
     speed_of("W7", "olympus", "numpy", "system"), "≥", 0.9),
    ("2", "W7 GFLOP/s ≥ 0.85 × numpy's, Olympus on its built-in GEMM", "speed olympus-fallback ÷ numpy",
     speed_of("W7", "olympus-fallback", "numpy", "builtIn"), "≥", 0.85),
    ("2", "E1 exp throughput ≥ 2 × numpy's", "speed olympus ÷ numpy", speed_of("E1", "olympus", "numpy"), "≥",
     2.0),
    ("2", "E3 sum throughput ≥ numpy's", "speed olympus ÷ numpy", speed_of("E3", "olympus", "numpy"), "≥", 1.0),
    ("3", "W2 time ≤ jax-jit's", "time olympus ÷ jax-jit", time_of("W2", "olympus", "jax-jit"), "≤", 1.0),
    ("3", "W4 time ≤ jax-jit's", "time olympus ÷ jax-jit", time_of("W4", "olympus", "jax-jit"), "≤", 1.0),
    ("3", "W4 valueAndGrad ≤ 3 × the forward function alone", "time olympus ÷ olympus forward (`forward_ms`)",
     ratio_to_forward("W4", "olympus"), "≤", 3.0),
    ("3", "W4 peak RSS delta ≤ torch-backward's", "first-call peak MiB olympus ÷ torch-backward",
     memory_of("W4", "olympus", "torch-backward"), "≤", 1.0),
] + [
    ("3", "W5 %s ≤ 0.5 × the fastest PyTorch W5 system" % o,
     "time %s ÷ fastest of %s (named per round)" % (o, ", ".join(W5_TORCH)), time_of_fastest("W5", o, W5_TORCH), "≤",
     0.5) for o in ("olympus-fwd-over-rev", "olympus-rev-over-fwd", "olympus-rev-over-rev")
] + [
    ("3", "W6 jacfwd ≤ torch-func-jacfwd", "time olympus-jacfwd ÷ torch-func-jacfwd",
     time_of("W6", "olympus-jacfwd", "torch-func-jacfwd"), "≤", 1.0),
    ("3", "W6 jacrev ≤ torch-func-jacrev", "time olympus-jacrev ÷ torch-func-jacrev",
     time_of("W6", "olympus-jacrev", "torch-func-jacrev"), "≤", 1.0),
    ("4", "W9 olympus-vmap ≤ torch-func-vmap", "time olympus-vmap ÷ torch-func-vmap",
     time_of("W9", "olympus-vmap", "torch-func-vmap"), "≤", 1.0),
    ("4", "W9 olympus-vmap ≥ 10 × faster than olympus-loop", "speed olympus-vmap ÷ olympus-loop",
     speed_of("W9", "olympus-vmap", "olympus-loop"), "≥", 10.0),
    ("4", "W6 jacrev via vmap faster than olympus-jacrev-loop", "time olympus-jacrev ÷ olympus-jacrev-loop",
     time_of("W6", "olympus-jacrev", "olympus-jacrev-loop"), "≤", 1.0),
    ("5", "W2 on the tape ≤ 0.5 × PyTorch eager (torch-backward)", "time olympus-tape ÷ torch-backward",
     time_of("W2", "olympus-tape", "torch-backward"), "≤", 0.5),
    ("5", "W3 on the tape ≤ PyTorch eager", "time olympus-tape ÷ torch-eager",
     time_of("W3", "olympus-tape", "torch-eager"), "≤", 1.0),
    ("5", "W1 with inputs that require gradients ≤ PyTorch eager without grad", "time olympus-tape ÷ torch-eager-nograd",
     time_of("W1", "olympus-tape", "torch-eager-nograd"), "≤", 1.0),
    ("6", "W3 functional ≤ PyTorch eager", "time olympus ÷ torch-eager", time_of("W3", "olympus", "torch-eager"), "≤",
     1.0),
    ("6", "W3 functional within 1.5 × the hand-written numpy floor", "time olympus ÷ numpy-manual",
     time_of("W3", "olympus", "numpy-manual"), "≤", 1.5),
    ("6", "W3 on the tape within 1.5 × the hand-written numpy floor", "time olympus-tape ÷ numpy-manual",
     time_of("W3", "olympus-tape", "numpy-manual"), "≤", 1.5),
]
# Issue 19: Swift's own differentiation against Olympus's valueAndGrad on the same step.
TARGETS += [
    ("19", "W3 with Swift's gradient(at:of:) within 1.5 × Olympus's valueAndGrad", "time olympus-swift-ad ÷ olympus",
     time_of("W3", "olympus-swift-ad", "olympus"), "≤", 1.5),
]

# Issue 7: each olympus-jit system against the jax-jit system of the same computation.
JIT_PAIRS = [("W2", "olympus-jit", "jax-jit"), ("W3", "olympus-jit", "jax-jit"), ("W4", "olympus-jit", "jax-jit"),
             ("W5", "olympus-jit-fwd-over-rev", "jax-jit-fwd-over-rev"),
             ("W5", "olympus-jit-rev-over-rev", "jax-jit-rev-over-rev"),
             ("W6", "olympus-jit-jacfwd", "jax-jit-jacfwd"), ("W6", "olympus-jit-jacrev", "jax-jit-jacrev"),
             ("W8", "olympus-jit", "jax-jit"), ("W9", "olympus-jit-vmap", "jax-jit-vmap")]
W5_JAX_JIT = ["jax-jit-fwd-over-rev", "jax-jit-rev-over-rev"]

TARGETS += [
    ("7", "%s %s ≤ %s" % (w, ours, peer), "time %s ÷ %s" % (ours, peer), time_of(w, ours, peer), "≤", 1.0)
    for w, ours, peer in JIT_PAIRS
] + [
    ("7", "W5 olympus-jit-rev-over-fwd ≤ the fastest jax-jit W5 system",
     "time olympus-jit-rev-over-fwd ÷ fastest of %s (named per round)" % ", ".join(W5_JAX_JIT),
     time_of_fastest("W5", "olympus-jit-rev-over-fwd", W5_JAX_JIT), "≤", 1.0),
    ("7", "W3 jit within 1.2 × the hand-written numpy floor", "time olympus-jit ÷ numpy-manual",
     time_of("W3", "olympus-jit", "numpy-manual"), "≤", 1.2),
    ("7", "W4 jit peak memory below eager Olympus's", "first-call peak MiB olympus-jit ÷ olympus",
     memory_of("W4", "olympus-jit", "olympus"), "<", 1.0),
]

ISSUES = {"2": "Issue 2 — kernels", "3": "Issue 3 — eager Olympus (system `olympus…`) against JAX and PyTorch",
          "4": "Issue 4 — vmap", "5": "Issue 5 — the eager tape (system `olympus-tape`)",
          "6": "Issue 6 — neural-network training step", "7": "Issue 7 — jit (systems `olympus-jit…`) against jax.jit",
          "19": "Issue 19 — Swift's differentiation (system `olympus-swift-ad`)"}


def targets_section(rounds):
    names = [rd["name"].replace("round-", "round ") for rd in rounds]
    out = ["## Acceptance targets", "",
           "Judged on the median over rounds of the per-round ratios (⚠: a measurement in that round was disturbed, "
           "another process used > 5 % of the machine).  *time* = Olympus time ÷ the other's, lower is better; "
           "*speed* = the other's time ÷ Olympus time (= GFLOP/s or elements/s ratio), higher is better; "
           "*peak MiB* = peak RSS during the first call in a fresh process, above the RSS before it."]
    for issue in sorted(set(t[0] for t in TARGETS), key=int):
        out += ["", "### " + ISSUES[issue], "",
                "| target | measure | " + " | ".join(names) + " | median over rounds | result |",
                "|---|---|" + "---:|" * (len(names) + 1) + "---|"]
        for _, text, measure, value_of, sense, bound in (t for t in TARGETS if t[0] == issue):
            cells, values, problem = [], [], None
            for rd in rounds:
                value, recs, note = value_of(rd)
                if value is None and note:
                    problem = note
                values.append(value)
                cell = "—" if value is None else fmt(value) + flag(*recs)
                if value is not None and note:
                    cell += " (%s)" % note
                cells.append(cell)
            m = med(values)
            ok = {"≤": lambda v: v <= bound, "<": lambda v: v < bound, "≥": lambda v: v >= bound}[sense]
            if m is None:
                result = problem or "not measured"
            else:
                every = sum(1 for v in values if v is not None and ok(v))
                if ok(m):
                    result = "**met**"
                elif sense in ("≤", "<"):
                    result = "**not met**: %.2f × the allowed value" % (m / bound)
                else:
                    result = "**not met**: %.0f %% of the target" % (m / bound * 100)
                result += " (%d of %d rounds)" % (every, sum(1 for v in values if v is not None))
            out.append("| %s | %s %s %g | %s | **%s** | %s |" % (
                text, measure, sense, bound, " | ".join(cells), fmt(m), result))
    return out + first_call_table(rounds) + [""]


def first_call_table(rounds):
    """Issue 7: the cost of a jitted function's first call (staging and first run) next to jax.jit's
    (`extra.first_call_ms`, tracing, lowering, compiling and running), medians over rounds, and whether
    each olympus-jit result agrees with eager Olympus's (`extra.check`, W8: the losses)."""
    out = ["", "#### jit first call (`extra.first_call_ms`) and agreement with eager Olympus", "",
           "| workload | olympus-jit system | first call ms | jax-jit system | jax first call ms | ratio | "
           "check vs eager olympus |", "|---|---|---:|---|---:|---:|---|"]

    def first(w, s):
        return med([(rd["records"].get((w, s)) or {}).get("extra", {}).get("first_call_ms") for rd in rounds])

    def agreement(w, ours):
        eager = ours.replace("olympus-jit", "olympus")
        key = "losses" if w == "W8" else "check"
        diffs = []
        for rd in rounds:
            a, b = rd["records"].get((w, ours)), rd["records"].get((w, eager))
            if a is None or b is None or a["extra"].get(key) is None or b["extra"].get(key) is None:
                continue
            x, y = a["extra"][key], b["extra"][key]
            pairs = zip(x, y) if isinstance(x, list) else [(x, y)]
            diffs.append(max(abs(u - v) / max(1.0, abs(v)) for u, v in pairs))
        return "—" if not diffs else "max rel. diff %.1e vs %s" % (max(diffs), eager)

    for w, ours, peer in JIT_PAIRS + [("W5", "olympus-jit-rev-over-fwd", "jax-jit-fwd-over-rev")]:
        a, b = first(w, ours), first(w, peer)
        ratio = "—" if a is None or not b else fmt(a / b)
        out.append("| %s | %s | %s | %s | %s | %s | %s |" % (w, ours, fmt(a), peer, fmt(b), ratio, agreement(w, ours)))
    return out


def conditions_section(rounds):
    out = ["## Measurement conditions", "",
           "Per measurement: fraction of the machine's CPU used by other processes meanwhile "
           "(`foreign_cpu_frac`, from /proc/stat minus the benchmark's own rusage), seconds waited for quiet "
           "before it, attempts (re-measured when > 0.05), and the speed probe before/after "
           "(peers: ns per empty Python loop iteration; Olympus: ns per step of a compiled dependent "
           "integer chain — comparable only within one system, they show the host's speed drift).", "",
           "| round | workload | system | reps | foreign CPU | steal s | quiet wait s | attempts | speed probe ns |",
           "|---|---|---|---:|---:|---:|---:|---:|---|"]
    for rd in rounds:
        for (w, s), r in sorted(rd["records"].items(), key=lambda kv: (workload_order(kv[0][0]), kv[0][1])):
            i = r["extra"].get("interference", {})
            probe = i.get("speed_probe_ns") or i.get("speed_probe_native_ns")
            out.append("| %s | %s | %s | %d | %s | %s | %s | %s | %s |" % (
                rd["name"].replace("round-", ""), w, s, r["reps"],
                "—" if i.get("foreign_cpu_frac") is None else "%.3f" % i["foreign_cpu_frac"],
                "—" if i.get("steal_s") is None else "%.2f" % i["steal_s"], i.get("quiet_wait_s", "—"),
                i.get("attempts", "—"), " → ".join("%.2f" % p for p in probe) if probe else "—"))
    return out + [""]


def main(argv):
    results = os.path.abspath(argv[1] if len(argv) > 1 else os.path.join(ROOT, "Benchmarks", "results"))
    run, rounds = load(results)
    if not rounds:
        sys.exit("benchmark-table.py: no round-* folders in %s (run Scripts/benchmarks.sh)" % results)
    rel = os.path.relpath(results, ROOT)
    out = ["# Benchmarks", "",
           "Olympus next to NumPy (and its peers) on the same machine, measured by `Scripts/benchmarks.sh` and "
           "written by `Scripts/benchmark-table.py` — do not edit by hand.  Raw JSON lines: `%s/`.  Workloads, "
           "inputs and timing protocol: `../shared/benchmarks/peers/README.md` (W1–W9) and "
           "`Benchmarks/peers/numpy_elementwise.py` (E1–E3, Olympus's own).  Times are medians per call "
           "(W1: per op) over ≥ 20 repetitions and ≥ 2 s (W7: ≥ 30 and ≥ 3 s).  Olympus numbers are eager except "
           "the `olympus-jit…` systems: `jit` stages the function once (its first call, `extra.first_call_ms`, is "
           "excluded from the timings) and runs the simplified graph with elementwise operations fused into tile loops." % rel, ""]
    if "--quick" in run.get("bench_args", ""):
        out += ["**Smoke test (`--quick`): few repetitions, no quiet wait — these numbers are not valid.**", ""]
    out += machine_section(run, rounds) + [""]
    out += ["Differences between the systems that the numbers include (by design, not by accident of measurement):", "",
            "* Threads: Olympus kernels split large elementwise ops and reductions over `threads`; numpy's run on one "
            "thread.  Matmul uses both cores on every system.",
            "* Allocation: every call returns a new array.  numpy gets large results from `malloc`, i.e. fresh `mmap` "
            "pages that fault on first write (E1/E2: 40 MB per call); Olympus recycles large buffers (`BufferPool`).",
            "* W1 includes the Python `for` loop for the peers (~0.02–0.03 µs per op, `extra.empty_loop_us`) and a Swift "
            "loop for Olympus.",
            "* Eager Olympus and eager JAX/PyTorch/autograd run every operation as it comes; `jax-jit` systems run one "
            "compiled, fused XLA program per call (compilation excluded); `olympus-jit` systems run a staged, "
            "simplified graph whose elementwise clusters are interpreted tile loops over the eager kernels (no code "
            "generation; matrix products and other operations run as in eager mode).", ""]
    out += targets_section(rounds)
    out += ["## Workloads", ""]
    workloads = []
    for rd in rounds:
        for (w, _) in rd["records"]:
            if w not in workloads:
                workloads.append(w)
    for w in sorted(workloads, key=workload_order):
        out += workload_section(rounds, w)
    out += conditions_section(rounds)
    print("\n".join(out).rstrip() + "\n", end="")


if __name__ == "__main__":
    main(sys.argv)
