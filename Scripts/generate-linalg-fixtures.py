#!/usr/bin/env python3
"""Writes Tests/OlympusCoreTests/Fixtures/linalg.json: NumPy/SciPy golden values for the `Linalg`
operations and `einsum`.

Usage (numpy and scipy in a virtual environment outside the repository):
    python3 -m venv ~/.venvs/linalg && ~/.venvs/linalg/bin/pip install numpy scipy
    ~/.venvs/linalg/bin/python Scripts/generate-linalg-fixtures.py

The file has the format of ops.json (see Scripts/generate-fixtures.py and
Tests/OlympusCoreTests/Support): cases with an operation, inputs written out in full, arguments,
expected outputs and a tolerance class. References are computed in float64 from the (float32 or
float64) inputs and rounded once to the result type.

Tolerances use the `accumulated` class, which allows |got - want| <= 2 eps |want| + terms * eps *
magnitude (eps the result type's machine epsilon). For a factorization or solve, backward stability
(error n u ||A|| in the data) turns into a forward error of at most about n eps kappa(A) times the
result's size, so a case states terms = 10 n (the issue's 10 n eps backward-error factor) and
magnitude = kappa_2(A) * max |result| (for logAbsDet, which changes by tr(A^-1 dA), magnitude =
kappa_2(A)). Sums (norm, einsum) state their number of terms and the largest sum of absolute
products, Higham's bound as in ops.json.
"""

import pathlib

import numpy as np
import scipy.linalg

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "Tests" / "OlympusCoreTests" / "Fixtures" / "linalg.json"
rng = np.random.default_rng(20261206)
GROUPS = {}


def number(value):
    value = float(value)
    if np.isnan(value):
        return '"nan"'
    if np.isinf(value):
        return '"inf"' if value > 0 else '"-inf"'
    return '"' + repr(value) + '"'


def tensor_json(array):
    array = np.asarray(array)
    dtype = array.dtype.name
    if dtype.startswith("float"):
        data = ",".join(number(v) for v in array.reshape(-1))
    else:
        data = ",".join(str(int(v)) for v in array.reshape(-1))
    return f'{{"dtype":"{dtype}","shape":{list(array.shape)},"data":[{data}]}}'.replace(" ", "")


def json_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return number(value)
    if isinstance(value, str):
        return '"' + value + '"'
    if isinstance(value, dict):
        return "{" + ",".join(f'"{k}":{json_value(v)}' for k, v in value.items()) + "}"
    return "[" + ",".join(json_value(v) for v in value) + "]"


def add(group, name, op, inputs, expected, tolerance, args=None):
    GROUPS.setdefault(group, []).append({
        "name": name, "op": op, "args": args or {}, "tolerance": tolerance,
        "inputs": inputs, "expected": expected})


def conditioned(kappa, n, magnitude):
    return {"kind": "accumulated", "terms": 10 * max(n, 1), "magnitude": float(kappa * magnitude)}


def general(shape, dtype):
    """Random matrices with a dominant diagonal (condition numbers of order 10)."""
    n = shape[-1]
    a = rng.uniform(-1, 1, shape) + 2 * np.eye(n)
    return a.astype(dtype)


def spd(shape, dtype):
    n = shape[-1]
    b = rng.uniform(-1, 1, shape)
    return (b @ np.swapaxes(b, -1, -2) / n + np.eye(n)).astype(dtype)


def kappa(a):
    return float(np.max(np.linalg.cond(np.asarray(a, dtype=np.float64))))


def shape_name(a):
    return f"{a.dtype.name}{list(a.shape)}".replace(" ", "")


def solve_cases():
    for dtype in ("float32", "float64"):
        for a_shape, b_shape in (([3, 3], [3]), ([4, 4], [4, 2]), ([2, 3, 3], [2, 3]), ([2, 3, 3], [2, 3, 4]),
                                 ([2, 1, 3, 3], [1, 4, 3, 2]), ([5, 5], [2, 5, 3])):
            a = general(a_shape, dtype)
            b = rng.uniform(-1, 1, b_shape).astype(dtype)
            a64, b64 = a.astype(np.float64), b.astype(np.float64)
            vector = len(b_shape) == 1 or len(b_shape) == len(a_shape) - 1
            x = np.linalg.solve(a64, b64[..., None])[..., 0] if vector else np.linalg.solve(a64, b64)
            x = x.astype(dtype)
            add("solve", f"solve {shape_name(a)} {shape_name(b)}", "solve", [a, b], [x],
                conditioned(kappa(a), a_shape[-1], np.max(np.abs(x))))
        for lower in (True, False):
            for transpose in (False, True):
                for unit in (False, True):
                    n = 4
                    a = (rng.uniform(-1, 1, [2, n, n]) + 3 * np.eye(n)).astype(dtype)
                    b = rng.uniform(-1, 1, [2, n, 3]).astype(dtype)
                    x = np.stack([scipy.linalg.solve_triangular(
                        a[i].astype(np.float64), b[i].astype(np.float64), lower=lower, trans=1 if transpose else 0,
                        unit_diagonal=unit) for i in range(2)]).astype(dtype)
                    part = np.tril(a, -1 if unit else 0) if lower else np.triu(a, 1 if unit else 0)
                    part = part + np.eye(n) if unit else part
                    add("solveTriangular", f"solveTriangular {shape_name(a)} lower={lower} T={transpose} unit={unit}",
                        "solveTriangular", [a, b], [x], conditioned(kappa(part), n, np.max(np.abs(x))),
                        {"lower": int(lower), "transposeA": int(transpose), "unitDiagonal": int(unit)})
        for shape in ([3, 3], [2, 4, 4]):
            a = general(shape, dtype)
            inverse = np.linalg.inv(a.astype(np.float64)).astype(dtype)
            add("solve", f"inv {shape_name(a)}", "inv", [a], [inverse],
                conditioned(kappa(a), shape[-1], np.max(np.abs(inverse))))


def cholesky_cases():
    for dtype in ("float32", "float64"):
        for shape in ([1, 1], [3, 3], [2, 4, 4], [20, 20]):
            a = spd(shape, dtype)
            # Only the lower triangle is read: garbage above it must not matter.
            a_in = a.copy()
            a_in[..., np.triu_indices(shape[-1], 1)[0], np.triu_indices(shape[-1], 1)[1]] = 7
            l = np.linalg.cholesky(a.astype(np.float64)).astype(dtype)
            add("cholesky", f"cholesky {shape_name(a)}", "cholesky", [a_in], [l],
                conditioned(kappa(a), shape[-1], np.max(np.abs(l))))


def determinant_cases():
    for dtype in ("float32", "float64"):
        for shape in ([1, 1], [3, 3], [2, 4, 4], [12, 12]):
            a = general(shape, dtype)
            a64 = a.astype(np.float64)
            sign, logabs = np.linalg.slogdet(a64)
            determinant = np.linalg.det(a64)
            add("determinant", f"det {shape_name(a)}", "det", [a], [determinant.astype(dtype)],
                conditioned(kappa(a), shape[-1], np.max(np.abs(determinant))))
            add("determinant", f"slogdet {shape_name(a)}", "slogdet", [a],
                [sign.astype(dtype), logabs.astype(dtype)], conditioned(kappa(a), shape[-1], 1))
        # A row swap makes the sign negative; a singular matrix has sign 0 and log|det| = -inf.
        swapped = np.array([[0, 1, 0], [1, 0, 0], [0, 0, 2]], dtype=dtype)
        singular = np.array([[1, 2, 3], [2, 4, 6], [1, 0, 1]], dtype=dtype)
        for name, a in (("permuted", swapped), ("singular", singular)):
            sign, logabs = np.linalg.slogdet(a.astype(np.float64))
            add("determinant", f"slogdet {name} {shape_name(a)}", "slogdet", [a],
                [sign.astype(dtype), logabs.astype(dtype)], {"kind": "exact"})
            add("determinant", f"det {name} {shape_name(a)}", "det", [a],
                [np.linalg.det(a.astype(np.float64)).astype(dtype)], {"kind": "exact"})


def norm_cases():
    for dtype in ("float32", "float64"):
        for shape in ([5], [3, 4], [2, 3, 4]):
            x = rng.uniform(-2, 2, shape).astype(dtype)
            value = np.linalg.norm(x.astype(np.float64).reshape(-1)).astype(dtype)
            add("norm", f"norm {shape_name(x)}", "norm", [x], [value],
                {"kind": "accumulated", "terms": x.size, "magnitude": float(value)})
        x = rng.uniform(-2, 2, [2, 3, 4]).astype(dtype)
        for axes in ([-1], [1, 2]):
            value = np.sqrt(np.sum(x.astype(np.float64) ** 2, axis=tuple(axes))).astype(dtype)
            add("norm", f"norm {shape_name(x)} axes={axes}", "normAxes", [x], [value],
                {"kind": "accumulated", "terms": 12, "magnitude": float(np.max(value))}, {"axes": axes})


def einsum_cases():
    specs = [
        ("ij,jk->ik", [[3, 4], [4, 5]]), ("ij,jk", [[3, 4], [4, 2]]), ("ii", [[4, 4]]), ("ii->i", [[3, 3]]),
        ("ij->ji", [[2, 3]]), ("ij->", [[2, 3]]), ("i,i->", [[5], [5]]), ("i,j->ij", [[3], [4]]),
        ("bij,bjk->bik", [[2, 3, 4], [2, 4, 3]]), ("...ij,...jk->...ik", [[2, 1, 3, 4], [5, 4, 2]]),
        ("...ij,...j", [[2, 3, 4], [4]]), ("ij,jk,kl->il", [[3, 4], [4, 20], [20, 2]]),
        ("abc,cd,bd->a", [[2, 3, 4], [4, 5], [3, 5]]), ("iij->j", [[3, 3, 2]]), ("ba,ab", [[3, 2], [2, 3]]),
        ("i,i,i->i", [[4], [4], [4]]), ("ij...,jk...->ik...", [[2, 3, 4], [3, 2, 1]]),
    ]
    for dtype in ("float32", "float64"):
        for subscripts, shapes in specs:
            operands = [rng.uniform(-1, 1, s).astype(dtype) for s in shapes]
            wide = [o.astype(np.float64) for o in operands]
            result = np.asarray(np.einsum(subscripts, *wide)).astype(dtype)
            magnitude = float(np.max(np.abs(np.einsum(subscripts, *[np.abs(o) for o in wide]))))
            terms = int(np.prod([max(s) for s in shapes]))
            add("einsum", f"einsum {subscripts} {' '.join(shape_name(o) for o in operands)}", "einsum", operands,
                [result], {"kind": "accumulated", "terms": terms, "magnitude": magnitude},
                {"subscripts": subscripts})


def case_json(case):
    inputs = ",".join(tensor_json(x) for x in case["inputs"])
    expected = ",".join(tensor_json(e) for e in case["expected"])
    return (f'{{"name":{json_value(case["name"])},"op":"{case["op"]}","args":{json_value(case["args"])},'
            f'"tolerance":{json_value(case["tolerance"])},"inputs":[{inputs}],"expected":[{expected}]}}')


def main():
    for build in (solve_cases, cholesky_cases, determinant_cases, norm_cases, einsum_cases):
        build()
    groups = ",\n".join(f'"{group}": [\n' + ",\n".join(case_json(c) for c in cases) + "\n]"
                        for group, cases in GROUPS.items())
    text = ("{\n"
            '"_generated": "Generated by Scripts/generate-linalg-fixtures.py; do not edit by hand, rerun the script.",\n'
            f'"numpy": "{np.__version__}",\n"scipy": "{scipy.__version__}",\n"groups": {{\n{groups}\n}}}}\n')
    OUTPUT.write_text(text)
    total = sum(len(cases) for cases in GROUPS.values())
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {total} cases, {OUTPUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
