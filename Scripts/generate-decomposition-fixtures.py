#!/usr/bin/env python3
"""Writes Tests/OlympusCoreTests/Fixtures/decompositions.json: NumPy/SciPy golden values for the
matrix decompositions of Olympus's `Linalg` (qr, eigh, svd, pinv, lstsq, expm).

Usage: python3 Scripts/generate-decomposition-fixtures.py   (needs numpy and scipy)

Each case holds its input matrix (written out in full), the reference outputs computed in float64
from the input as rounded to the case's type, and a tolerance. Factors are defined only up to the
signs of columns (eigenvectors, singular vector pairs, Q's columns with R's rows); the Swift side
aligns those signs before comparing (Tests/OlympusCoreTests/Linalg/DecompositionFixtureTests.swift).

Tolerances (absolute, on each output):
  values    eigenvalues and singular values move at most by the backward error, so
            10 * n * eps * ||A||_2 (Weyl's inequality with the acceptance bound 10 n eps).
  vectors   eigenvectors and singular vectors move by the backward error over the gap to the rest
            of the spectrum (Davis-Kahan): 10 * n * eps * ||A||_2 / gap, where `gap` is the
            smallest distance between distinct values of the case (cases keep gaps large).
  factors   Q and R of QR: a normwise perturbation theory with the condition number of A
            (Sun 1991): 10 * n * eps * cond(A) * max(1, ||A||_2).
  solution  pinv and lstsq: the perturbation of the pseudo-inverse, 10 * n * eps * cond(A)^2 *
            max(1, ||b||) / sigma_min (Wedin 1973), which the well-conditioned cases keep small.
  expm      scaling and squaring with Pade approximation: 100 * n * eps * max(1, ||A||_1) *
            max|expm(A)|. The exponential's condition number is at least ||A|| (Van Loan 1977), so
            two backward-stable algorithms (Olympus's and SciPy's) may differ by that factor times
            their backward errors of a few n*eps (Higham 2005); the factor 100 covers the squarings.
"""

import json
import pathlib

import numpy as np
import scipy.linalg

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "Tests" / "OlympusCoreTests" / "Fixtures" / "decompositions.json"
rng = np.random.default_rng(20261206)
EPS = {"float32": 2.0 ** -23, "float64": 2.0 ** -52}
cases = []


def text(x):
    return [repr(float(v)) for v in np.asarray(x, dtype=np.float64).ravel()]


def tensor(x, dtype):
    x = np.asarray(x)
    return {"dtype": dtype, "shape": list(x.shape), "data": text(x)}


def add(op, dtype, inputs, outputs, tolerances):
    shape = "x".join(str(d) for d in inputs[0].shape)
    cases.append({
        "name": f"{op} {dtype}[{shape}]",
        "op": op,
        "inputs": [tensor(x, dtype) for x in inputs],
        "expected": [tensor(y, dtype) for y in outputs],
        "tolerances": [float(t) for t in tolerances],
    })


def rounded(x, dtype):
    return np.asarray(x, dtype=dtype).astype(np.float64)


def min_gap(values):
    v = np.sort(np.asarray(values).ravel())
    gaps = np.diff(v)
    return float(gaps.min()) if gaps.size else 1.0


def eigh_cases():
    for dtype in ("float64", "float32"):
        for shape in [(1, 1), (2, 2), (4, 4), (3, 5, 5), (8, 8)]:
            b = rng.uniform(-1, 1, shape)
            a = rounded((b + np.swapaxes(b, -1, -2)) / 2, dtype)
            w, v = np.linalg.eigh(a)
            n = shape[-1]
            norm = max(float(np.abs(w).max()), 1e-300)
            gap = min(min_gap(wi) for wi in w.reshape(-1, n))
            e = EPS[dtype]
            add("eigh", dtype, [a], [w, v], [10 * n * e * norm, 10 * n * e * norm / gap])


def svd_cases():
    for dtype in ("float64", "float32"):
        for shape in [(1, 1), (3, 3), (5, 3), (3, 5), (2, 4, 3), (7, 7)]:
            a = rounded(rng.uniform(-1, 1, shape), dtype)
            u, s, vt = np.linalg.svd(a, full_matrices=False)
            n = max(shape[-2:])
            k = min(shape[-2:])
            norm = float(s.max())
            gap = min(min_gap(si) for si in s.reshape(-1, k))
            # Vectors of tall/wide matrices also depend on the smallest singular value.
            gap = min(gap, float(s.min())) if shape[-1] != shape[-2] else gap
            e = EPS[dtype]
            vectors = 10 * n * e * norm / gap
            add("svd", dtype, [a], [u, s, vt], [vectors, 10 * n * e * norm, vectors])


def qr_cases():
    for dtype in ("float64", "float32"):
        for shape in [(1, 1), (3, 3), (5, 3), (3, 5), (2, 4, 3), (6, 6)]:
            a = rounded(rng.uniform(-1, 1, shape), dtype)
            q, r = np.linalg.qr(a, mode="reduced")
            s = np.linalg.svd(a, compute_uv=False)
            cond = float((s.max(axis=-1) / s.min(axis=-1)).max())
            n = max(shape[-2:])
            t = 10 * n * EPS[dtype] * cond * max(1.0, float(s.max()))
            add("qr", dtype, [a], [q, r], [t, t])


def pinv_cases():
    for dtype in ("float64", "float32"):
        for shape in [(3, 3), (5, 3), (3, 5), (2, 4, 3)]:
            a = rounded(rng.uniform(-1, 1, shape), dtype)
            s = np.linalg.svd(a, compute_uv=False)
            cond = float((s.max(axis=-1) / s.min(axis=-1)).max())
            n = max(shape[-2:])
            p = np.linalg.pinv(a)
            t = 10 * n * EPS[dtype] * cond ** 2 / float(s.min())
            add("pinv", dtype, [a], [p], [t])


def lstsq_cases():
    for dtype in ("float64", "float32"):
        for (m, n, k) in [(5, 3, 2), (3, 5, 1), (4, 4, 3)]:
            a = rounded(rng.uniform(-1, 1, (m, n)), dtype)
            b = rounded(rng.uniform(-1, 1, (m, k)), dtype)
            x = np.linalg.lstsq(a, b, rcond=None)[0]
            s = np.linalg.svd(a, compute_uv=False)
            cond = float(s.max() / s.min())
            t = 10 * max(m, n) * EPS[dtype] * cond ** 2 * max(1.0, float(np.linalg.norm(b))) / float(s.min())
            add("lstsq", dtype, [a, b], [x], [t])


def expm_cases():
    for dtype in ("float64", "float32"):
        for shape, scale in [((1, 1), 1.0), ((3, 3), 0.5), ((4, 4), 3.0), ((2, 3, 3), 1.0), ((5, 5), 8.0)]:
            a = rounded(scale * rng.uniform(-1, 1, shape), dtype)
            e = np.stack([scipy.linalg.expm(m) for m in a.reshape(-1, shape[-1], shape[-1])]).reshape(shape)
            n = shape[-1]
            norm = float(np.abs(a).sum(axis=-2).max())
            t = 100 * n * EPS[dtype] * max(1.0, norm) * float(np.abs(e).max())
            add("expm", dtype, [a], [e], [t])


def main():
    eigh_cases()
    svd_cases()
    qr_cases()
    pinv_cases()
    lstsq_cases()
    expm_cases()
    document = {
        "_generated": "Generated by Scripts/generate-decomposition-fixtures.py; do not edit by hand, rerun the script.",
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "cases": cases,
    }
    with open(OUTPUT, "w") as f:
        f.write("{\n")
        items = list(document.items())
        for index, (key, value) in enumerate(items[:-1]):
            f.write(f"{json.dumps(key)}: {json.dumps(value)},\n")
        f.write('"cases": [\n')
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
        f.write("\n]\n}\n")


if __name__ == "__main__":
    main()
