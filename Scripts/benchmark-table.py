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
    "W7": ("matmul: `A @ B`, float32 1024 × 1024", "ms"),
    "E1": ("`exp(x)`, float32 [10^7], x = det_uniform(10^7, 20, 2.0)", "ms"),
    "E2": ("`x + y`, float32 [10^7], x, y = det_uniform(10^7, 21 / 22, 2.0)", "ms"),
    "E3": ("`x.sum()`, float32 [10^7] to a scalar, x = det_uniform(10^7, 20, 2.0)", "ms"),
}
REFERENCE_CHECKS = {"W1": 16.13730812072754, "W7": -3737.479332204538}   # peer README, float64


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
    out.append("* Olympus: %s kernel threads, SIMD (AVX2/FMA) paths %s; matmul backend `%s` "
               "(with `OLYMPUS_DISABLE_BLAS=1`: `%s`)" % (
                   oly.get("threads"), "on" if oly.get("simd") else "off", oly.get("blas"), fb.get("blas")))
    out.append("* Peers: Python %s, numpy %s%s; numpy's OpenBLAS kernel `%s`, %s threads; "
               "numpy elementwise ops and sums run on one thread" % (
                   peer.get("python"), peer.get("numpy"),
                   ", autograd %s" % peer["autograd"] if peer.get("autograd") else "",
                   blas.get("openblas_corename"), blas.get("openblas_num_threads")))
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
        out += ["", "Time ratio Olympus ÷ peer (**below 1 = Olympus faster**)%s:" % (
            "; GFLOP/s ratio = its inverse (above 1 = Olympus faster)" if gfl else ""), ""]
        out += ["| ratio | " + " | ".join(names) + " | median over rounds |", "|---|" + "---:|" * (len(names) + 1)]
        for o in ours:
            for p in peers:
                cells, values = [], []
                for rd in rounds:
                    ratio, recs = time_ratio(rd, workload, o, p)
                    values.append(ratio)
                    cells.append("—" if ratio is None else fmt(ratio) + flag(*recs))
                m = med(values)
                out.append("| %s ÷ %s | %s | **%s** |" % (o, p, " | ".join(cells), fmt(m)))
    if workload in REFERENCE_CHECKS:
        out += ["", "`check` = float64 sum of the result; float64 reference (peer README): %r." %
                REFERENCE_CHECKS[workload]]
    return out + [""]


TARGETS = [
    # workload, Olympus system, peer, text, kind ("time": time ratio <= bound; "speed": peer ÷ Olympus time >= bound),
    # bound, BLAS requirement on the Olympus record
    ("W1", "olympus", "numpy", "W1 per-op time ≤ numpy's", "time", 1.0, None),
    ("W7", "olympus", "numpy", "W7 GFLOP/s ≥ 0.9 × numpy's, Olympus on the system OpenBLAS", "speed", 0.9, "system"),
    ("W7", "olympus-fallback", "numpy", "W7 GFLOP/s ≥ 0.85 × numpy's, Olympus on its built-in GEMM", "speed", 0.85,
     "builtIn"),
    ("E1", "olympus", "numpy", "E1 exp throughput ≥ 2 × numpy's", "speed", 2.0, None),
    ("E3", "olympus", "numpy", "E3 sum throughput ≥ numpy's", "speed", 1.0, None),
]


def blas_ok(record, need):
    blas = str(record["extra"].get("blas", ""))
    if need == "system":
        return blas.lower().startswith("systemblas")
    if need == "builtIn":
        return blas == "builtIn"
    return True


def targets_section(rounds):
    names = [rd["name"].replace("round-", "round ") for rd in rounds]
    out = ["## Acceptance targets", "",
           "Judged on the median over rounds of the per-round ratios (⚠: a measurement in that round was disturbed, "
           "another process used > 5 % of the machine).  *time ratio* = Olympus time ÷ numpy time, lower is better; "
           "*speed ratio* = numpy time ÷ Olympus time (= GFLOP/s or elements/s ratio Olympus ÷ numpy), higher is better.",
           "",
           "| target | measure | " + " | ".join(names) + " | median over rounds | result |",
           "|---|---|" + "---:|" * (len(names) + 1) + "---|"]
    for workload, ours, peer, text, kind, bound, need in TARGETS:
        cells, values, problem = [], [], None
        for rd in rounds:
            ratio, recs = time_ratio(rd, workload, ours, peer)
            if ratio is not None and need and not blas_ok(recs[0], need):
                problem = "not measured: %s ran with matmul backend `%s`" % (ours, recs[0]["extra"].get("blas"))
                ratio = None
            if ratio is not None and kind == "speed":
                ratio = 1.0 / ratio
            values.append(ratio)
            cells.append("—" if ratio is None else fmt(ratio) + flag(*recs))
        m = med(values)
        measure = ("time ratio %s ÷ %s ≤ %g" if kind == "time" else "speed ratio %s ÷ %s ≥ %g") % (ours, peer, bound)
        if m is None:
            result = problem or "not measured"
        else:
            met = m <= bound if kind == "time" else m >= bound
            every = sum(1 for v in values if v is not None and (v <= bound if kind == "time" else v >= bound))
            if met:
                result = "**met**"
            elif kind == "time":
                result = "**not met**: Olympus %.0f %% slower than allowed" % ((m / bound - 1) * 100)
            else:
                result = "**not met**: %.0f %% of the target" % (m / bound * 100)
            result += " (%d of %d rounds)" % (every, sum(1 for v in values if v is not None))
        out.append("| %s | %s | %s | **%s** | %s |" % (text, measure, " | ".join(cells), fmt(m), result))
    return out + [""]


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
           "inputs and timing protocol: `../shared/benchmarks/peers/README.md` (W1, W7) and "
           "`Benchmarks/peers/numpy_elementwise.py` (E1–E3, Olympus's own).  Times are medians per call "
           "(W1: per op) over ≥ 20 repetitions and ≥ 2 s (W7: ≥ 30 and ≥ 3 s)." % rel, ""]
    if "--quick" in run.get("bench_args", ""):
        out += ["**Smoke test (`--quick`): few repetitions, no quiet wait — these numbers are not valid.**", ""]
    out += machine_section(run, rounds) + [""]
    out += ["Differences between the systems that the numbers include (by design, not by accident of measurement):", "",
            "* Threads: Olympus kernels split large elementwise ops and reductions over `threads`; numpy's run on one "
            "thread.  Matmul uses both cores on every system.",
            "* Allocation: every call returns a new array.  numpy gets large results from `malloc`, i.e. fresh `mmap` "
            "pages that fault on first write (E1/E2: 40 MB per call); Olympus recycles large buffers (`BufferPool`).",
            "* W1 includes the Python `for` loop for the peers (~0.02–0.03 µs per op, `extra.empty_loop_us`) and a Swift "
            "loop for Olympus.", ""]
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
