#!/usr/bin/env python3
"""Writes the NIST StRD section of BENCHMARKS.md: Olympus's `leastSquares` (defaults) beside SciPy's
least_squares trf and lm (exact JAX Jacobians, ftol = xtol = gtol = 1e-15), from one run of each.

    Scripts/nist-lre-tables.py [--python /root/.venvs/jax/bin/python] > nist-section.md

Runs `.build/release/olympus-demo fit --json` (build it first: swift build -c release) and
`Benchmarks/peers/nist_scipy.py`, then prints a markdown table: per fit the lowest LRE over the
parameters and the residual sum of squares (RSS), and the residual evaluations, per system.
"""
import argparse
import json
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def lines(command):
    output = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--python", default="/root/.venvs/jax/bin/python")
    args = parser.parse_args()
    records = lines([os.path.join(ROOT, ".build", "release", "olympus-demo"), "fit", "--json"])
    records += lines([args.python, os.path.join(ROOT, "Benchmarks", "peers", "nist_scipy.py")])
    systems = ["olympus", "scipy-trf", "scipy-lm"]
    fits, summaries = {}, {}
    for record in records:
        if "summary" in record:
            summaries[record["summary"]] = record
            continue
        fits.setdefault((record["problem"], record["start"]), {})[record["system"]] = (
            min(record["lre"]), record["rss_lre"], record["nfev"])
    print("| problem | start | " + " | ".join(f"{s} LRE params / RSS | {s} nfev" for s in systems) + " |")
    print("|---|---|" + "---|---|" * len(systems))
    totals = {s: [0, 0, []] for s in systems}
    for (problem, start), by_system in fits.items():
        cells = []
        for s in systems:
            params, rss, nfev = by_system[s]
            cells += [f"{params:.1f} / {rss:.1f}", str(nfev)]
            totals[s][0] += nfev
            totals[s][1] += min(params, rss) >= 6
        print(f"| {problem} | {start} | " + " | ".join(cells) + " |")
    print()
    for s in systems:
        summary = summaries[s]
        print(f"- {s}: {totals[s][1]} of {len(fits)} fits with every LRE ≥ 6, {totals[s][0]} residual evaluations, "
              f"mean LRE {summary['mean_lre']:.2f} (mean of each fit's lowest: {summary['mean_min_lre']:.2f}), "
              f"{summary['seconds']:.2f} s of fitting")


if __name__ == "__main__":
    main()
