#!/usr/bin/env python3
"""Writes Tests/OlympusCoreTests/Fixtures/special-math.json: correctly rounded golden values for
NumPy's and SciPy's elementwise math beyond the basic functions (atan … xlogy, polygamma), swept
over many values per function and type: zeros, infinities, NaN, subnormals, domain boundaries and
poles, plus values spread over every binade of the domain and uniformly over its central part.

Usage: python3 Scripts/generate-math-fixtures.py   (needs numpy, scipy and mpmath, e.g. in a venv
outside the repository: python3 -m venv ~/.venvs/math && ~/.venvs/math/bin/pip install numpy scipy)

References are computed with mpmath at 80 significant digits and rounded once to the result type,
so they are correctly rounded; SciPy fixes the conventions at poles and infinities (psi, gammaln,
polygamma, erfinv), JAX the one of xlogy (0 wherever x is 0). Each case carries an `ulps` tolerance:
the distance to the correctly rounded value that Olympus guarantees, justified at BOUNDS below.
The case format is Scripts/generate-fixtures.py's, whose writer this script reuses.
"""

import importlib.util
import math
import pathlib

import mpmath as mp
import numpy as np
import scipy
import scipy.special as sp

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "Tests" / "OlympusCoreTests" / "Fixtures" / "special-math.json"
spec = importlib.util.spec_from_file_location("fixtures", ROOT / "Scripts" / "generate-fixtures.py")
fixtures = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fixtures)
mp.mp.dps = 80
rng = np.random.default_rng(20261206)
NP = {"float32": np.float32, "float64": np.float64}
INF, NAN = math.inf, math.nan

# Distance to the correctly rounded value, in units in the last place, per function and type.
# Measured against mpmath over these sweeps and larger ones (glibc 2.36, x86-64):
#   C library functions (atan … cbrt, atan2, hypot): where glibc 2.36's float or double version
#     stays below 1.5 ulp of the exact value over OlympusKernelsTests' 2^20-point sweeps, it is
#     used, so results are within 1 ulp of the correctly rounded ones; float32 sinh, cosh, atanh
#     and log10 compute in double instead, float64 sinh, atanh, erfc, cbrt and lgamma (glibc: up
#     to 1.54-2.8 ulp) in x87 extended precision (Sources/COlympusKernels/elementwise/
#     ew_special.h), 0.5 + 2^-10 ulp.
#   float32 computed in double and rounded once (the above, erf, erfc, erfinv, lgamma, digamma,
#     polygamma): the double error is far below a float32 ulp, so only a near-tie can round the
#     other way: 1.
#   Olympus's own float64 special functions (ew_special.h), measured over 25,000-30,000 points
#     each: erfinv (Newton steps on erf/erfc) at most 1.33 ulp of the exact value, so 1 of the
#     correctly rounded one; digamma for x > 0 (a Taylor series at its root, recurrences, the
#     asymptotic series) 3.03, so 3; polygamma (the Euler-Maclaurin tail: a pow, a division and up
#     to ten rounded series terms; trigamma's reflection below 0) 4.8, so 5.
#     Digamma below 0 is the reflection psi(1 - x) - pi cot(pi x), whose terms (up to ~4 for
#     x >= -40) cancel near its negative zeros: accuracy there is absolute, NEGATIVE_DIGAMMA.
#   Composites: xlogy = x·log y, two roundings: 2; logAddExp = max + log1p(exp(−|d|)), three
#     roundings of terms at most as large as the result: 3; reciprocal is one division: 0.
BOUNDS = {
    "float32": {"xlogy": 2, "logAddExp": 3, "reciprocal": 0},
    "float64": {"digamma": 3, "polygamma": 5, "xlogy": 2, "logAddExp": 3, "reciprocal": 0},
}
# float64 digamma below 0: 16 ulps of the cancelling terms' size 4, as an absolute bound (the
# `composite` class: 16ε relative plus ε·scale absolute).
NEGATIVE_DIGAMMA = {"kind": "composite", "scale": 64.0}
DEFAULT_BOUND = 1


def bound(op, dtype):
    return BOUNDS[dtype].get(op, DEFAULT_BOUND)


def rounded(value, dtype):
    """An mpmath value (or a Python float for special values) rounded once to `dtype`."""
    if isinstance(value, float):
        return NP[dtype](value)
    if value == 0:
        return NP[dtype](0.0)
    bits, emin = (24, -126) if dtype == "float32" else (53, -1022)
    exponent = int(mp.floor(mp.log(abs(value), 2)))
    quantum = mp.mpf(2) ** (max(exponent, emin) - bits + 1)  # spacing at the value's binade
    with mp.workprec(400):
        r = mp.nint(value / quantum) * quantum  # round half to even
    return NP[dtype](float(r)) if dtype == "float64" else np.float32(float(r))


# ---------------------------------------------------------------------------------------------
# References. Each takes mpmath numbers (finite) and returns an mpmath number or a Python float
# (inf, nan); special inputs are handled first.


def log_abs_gamma(x):
    if x <= 0 and x == mp.floor(x):
        return INF
    return mp.re(mp.loggamma(x))


def digamma(x):
    if x == 0:
        return -INF
    if x < 0 and x == mp.floor(x):
        return NAN
    return mp.digamma(x)


def polygamma(n, x):
    if n < 0 or n != int(n):
        return NAN
    if n == 0:
        return digamma(x)
    if x <= 0 and x == mp.floor(x):
        return INF if int(n) % 2 == 1 else -INF
    return mp.polygamma(int(n), x)


def domain(low, high, f):
    return lambda x: f(x) if low <= x <= high else NAN


def boundary(f, at, value):
    return lambda x: value(x) if abs(x) == at else f(x)


UNARY = {
    "atan": mp.atan,
    "asin": domain(-1, 1, mp.asin),
    "acos": domain(-1, 1, mp.acos),
    "sinh": mp.sinh,
    "cosh": mp.cosh,
    "asinh": mp.asinh,
    "acosh": domain(1, INF, mp.acosh),
    "atanh": domain(-1, 1, boundary(mp.atanh, 1, lambda x: math.copysign(INF, x))),
    "erf": lambda x: mp.erf(x) if abs(x) < 30 else mp.sign(x),  # mpmath overflows far out; 1 - erf < 1e-390
    "erfc": lambda x: mp.erfc(x) if abs(x) < 30 else (0.0 if x > 0 else 2.0),
    "erfinv": domain(-1, 1, boundary(mp.erfinv, 1, lambda x: math.copysign(INF, x))),
    "lgamma": log_abs_gamma,
    "digamma": digamma,
    "log2": lambda x: NAN if x < 0 else (-INF if x == 0 else mp.log(x, 2)),
    "log10": lambda x: NAN if x < 0 else (-INF if x == 0 else mp.log10(x)),
    "exp2": lambda x: mp.power(2, x),
    "cbrt": lambda x: mp.sign(x) * mp.cbrt(abs(x)),
    "reciprocal": lambda x: 1 / x,
}

# Results at ±inf and NaN inputs (C library / SciPy conventions).
AT_INFINITY = {
    "atan": (math.pi / 2, -math.pi / 2), "asin": (NAN, NAN), "acos": (NAN, NAN), "sinh": (INF, -INF),
    "cosh": (INF, INF), "asinh": (INF, -INF), "acosh": (INF, NAN), "atanh": (NAN, NAN), "erf": (1.0, -1.0),
    "erfc": (0.0, 2.0), "erfinv": (NAN, NAN), "lgamma": (INF, INF), "digamma": (INF, NAN), "log2": (INF, NAN),
    "log10": (INF, NAN), "exp2": (INF, 0.0), "cbrt": (INF, -INF), "reciprocal": (0.0, -0.0),
}


def unary_reference(op, x):
    x = float(x)
    if math.isnan(x):
        return NAN
    if math.isinf(x):
        # ±π/2 for atan must be rounded from the exact value, not from the double.
        if op == "atan":
            return mp.pi / 2 * (1 if x > 0 else -1)
        return AT_INFINITY[op][0 if x > 0 else 1]
    if x == 0 and op in ("atan", "asin", "sinh", "asinh", "atanh", "erf", "erfinv", "cbrt"):
        return x  # odd functions keep the sign of zero
    if x == 0 and op == "reciprocal":
        return math.copysign(INF, x)
    if x == 0 and op == "digamma":
        return -INF if math.copysign(1, x) > 0 else INF  # SciPy: psi(+0) = -inf, psi(-0) = +inf
    return UNARY[op](mp.mpf(x))


def binary_reference(op, a, b):
    a, b = float(a), float(b)
    if op == "xlogy":
        if a == 0:
            return 0.0  # JAX: 0 wherever x is 0, even for y = 0 or NaN
        if math.isnan(a) or math.isnan(b) or b < 0:
            return NAN
        if b == 0:
            return -math.copysign(INF, a)
        if math.isinf(a) or math.isinf(b):
            return float(np.float64(a) * np.log(np.float64(b)))
        return mp.mpf(a) * mp.log(b)
    if op == "polygamma":
        if math.isnan(b) or b == -INF:
            return NAN
        if b == INF:
            return 0.0
        return polygamma(a, mp.mpf(b))
    if not (math.isfinite(a) and math.isfinite(b)) or (op == "atan2" and (a == 0 or b == 0)):
        # Signed zeros and infinities: the C library's (and NumPy's) conventions.
        return float({"atan2": np.arctan2, "hypot": np.hypot, "logAddExp": np.logaddexp}[op](a, b))
    if op == "atan2":
        return mp.atan2(a, b)
    if op == "hypot":
        return mp.hypot(a, b)
    if op == "logAddExp":
        return mp.log(mp.exp(a) + mp.exp(b))
    raise ValueError(op)


# ---------------------------------------------------------------------------------------------
# Sweeps.


def spread(dtype, low, high, count):
    """`count` values in [low, high]: half log-uniform in magnitude down to the smallest subnormal
    (both signs where the range has them), half uniform."""
    info = np.finfo(NP[dtype])
    tiny = float(info.smallest_subnormal)
    values = []
    parts = [(s, m) for s, m in ((1, high), (-1, -low)) if m > 0]
    for sign, magnitude in parts:
        top = min(magnitude, float(info.max))
        exponents = rng.uniform(math.log2(tiny), math.log2(top), size=count // (2 * len(parts)))
        values += [sign * 2.0 ** e for e in exponents]
    finite_low, finite_high = max(low, -float(info.max)), min(high, float(info.max))
    u = rng.uniform(0, 1, size=count - len(values))
    values += list(finite_low * (1 - u) + finite_high * u)  # no overflow in high - low
    return values


EDGES = [0.0, -0.0, INF, -INF, NAN]


def edges(dtype):
    info = np.finfo(NP[dtype])
    return [float(info.smallest_subnormal), -float(info.smallest_subnormal), float(info.smallest_normal),
            float(info.max), -float(info.max), 1.0, -1.0, 0.5, -0.5, 2.0]


SWEEPS = {  # the part of the line each function is swept over, and its own edge cases
    "atan": ((-1e30, 1e30), [1e8, -1e8]),
    "asin": ((-1, 1), [1.0000001, -1.5, 0.9999999]),
    "acos": ((-1, 1), [1.0000001, -1.5, 0.9999999]),
    "sinh": ((-720, 720), [88.72, 89.5, -89.5, 710.4, 711.0, 1e-5]),
    "cosh": ((-720, 720), [88.72, 89.5, -89.5, 710.4, 711.0, 1e-5]),
    "asinh": ((-1e300, 1e300), [1e20, -1e20]),
    "acosh": ((1, 1e300), [1.0, 1.0000001, 0.99, 1e20]),
    "atanh": ((-1, 1), [0.9999999, -0.9999999, 1.5]),
    "erf": ((-7, 7), [3.9, 6.0, -6.0, 1e-8]),
    "erfc": ((-7, 28), [10.0, 26.5, 27.3, -6.0]),
    "erfinv": ((-1, 1), [0.999999, -0.999999, 0.5, 1e-10, 1.0000001]),
    "lgamma": ((-60, 1e30), [1.0, 2.0, -1.0, -2.0, -2.5, 3.0, 1e-30, 4e36, -0.5]),
    "digamma": ((-40, 1e30), [1.4616321449683622, 1.46163214, 1.0, 2.0, -1.0, -2.0, -0.5, 10.0, 9.999]),
    "log2": ((0, 1e38), [1.0, 2.0, 1024.0, 3e-39, -1.0]),
    "log10": ((0, 1e38), [1.0, 10.0, 1000.0, 3e-39, -1.0]),
    "exp2": ((-1100, 1030), [127.9, 128.0, -149.0, -150.5, 1023.9, -1074.0, -1075.5]),
    "cbrt": ((-1e38, 1e38), [8.0, -27.0, 1e-40]),
    "reciprocal": ((-1e38, 1e38), [3.0, -7.0, 1e-39]),
}


def keep(op, x):
    """Near the zeros of lgamma below 0 (log|Γ| crosses 0 between every two poles) no function is
    relatively accurate: the sweep keeps negative arguments whose result is at least 0.01."""
    if op == "lgamma" and x < 0 and math.isfinite(x) and x != math.floor(x):
        return abs(float(log_abs_gamma(mp.mpf(x)))) >= 0.01
    return True


def unary_sweep(op, dtype, count=200):
    (low, high), own = SWEEPS[op]
    xs = EDGES + edges(dtype) + own + spread(dtype, low, high, count)
    xs = np.array([x for x in xs if keep(op, float(NP[dtype](x)))], NP[dtype])
    negative = (xs < 0) & np.isfinite(xs) if op == "digamma" and dtype == "float64" else np.zeros(len(xs), bool)
    for part, note, tolerance in ((~negative, "", {"kind": "ulps", "ulps": bound(op, dtype)}),
                                  (negative, " negative", NEGATIVE_DIGAMMA)):
        if part.any():
            expected = np.array([rounded(unary_reference(op, x), dtype) for x in xs[part]], NP[dtype])
            fixtures.add_case("specialMath", f"{op} {dtype} sweep{note}", op, [xs[part]], expected, tolerance=tolerance)


def binary_sweep(op, dtype, a_values, b_values):
    a = np.array(a_values, NP[dtype])
    b = np.array(b_values, NP[dtype])
    expected = np.array([rounded(binary_reference(op, u, v), dtype) for u, v in zip(a, b)], NP[dtype])
    fixtures.add_case("specialMath", f"{op} {dtype} sweep", op, [a, b], expected,
                      tolerance={"kind": "ulps", "ulps": bound(op, dtype)})


def pairs(dtype, low, high, count, specials):
    a = spread(dtype, low, high, count)
    b = spread(dtype, low, high, count)
    rng.shuffle(b)
    for u in specials:
        for v in specials:
            a.append(u)
            b.append(v)
    return a, b


def binary_sweeps(dtype):
    specials = [0.0, -0.0, 1.0, -1.0, INF, -INF, NAN]
    big = float(np.finfo(NP[dtype]).max)
    for op in ("atan2", "hypot"):
        a, b = pairs(dtype, -big, big, 200, specials)
        a += [big, 1e-45 if dtype == "float32" else 5e-324, 3.0]
        b += [big, 1e-45 if dtype == "float32" else 5e-324, 4.0]
        binary_sweep(op, dtype, a, b)
    a, b = pairs(dtype, -50, 50, 200, specials)
    binary_sweep("logAddExp", dtype, a + [1e30, -1e30, 80.0], b + [1e30, -1e30, -80.0])
    x = spread(dtype, -100, 100, 100) + [0.0, 0.0, 0.0, -0.0, 2.0, -3.0, INF, 1.0]
    y = [abs(v) for v in spread(dtype, 0, 1e30, 100)] + [0.0, NAN, INF, 5.0, 0.0, 0.0, 2.0, NAN]
    binary_sweep("xlogy", dtype, x, y)
    # polygamma: orders 1 to 4 over positive x (including poles, subnormals and large x) and
    # trigamma over negative x, where it has no zeros.
    xs = [float(v) for v in spread(dtype, 0, 1e15, 60)] + [0.0, 1.0, 0.5, 1e-30, INF, NAN, -INF]
    orders = [1, 2, 3, 4]
    n = [order for order in orders for _ in xs]
    values = [v for _ in orders for v in xs]
    negative = [float(v) for v in rng.uniform(-30, 0, size=40)] + [-1.0, -2.0, -0.5]
    binary_sweep("polygamma", dtype, n + [1] * len(negative) + [0, 0, 0.5, -1],
                 values + negative + [1.4616321449683622, 3.0, 2.0, 2.0])


# Conventions beyond the sweeps: integer inputs give float32, binary functions broadcast.
def convention_cases():
    x = np.array([0, 1, 2, 7], np.int32)
    fixtures.add_case("specialMath", "lgamma int32", "lgamma", [x],
                      np.array([rounded(unary_reference("lgamma", v), "float32") for v in x], np.float32),
                      tolerance={"kind": "ulps", "ulps": 1})
    a = np.array([[1.0], [-2.0], [0.0]], np.float64)
    b = np.array([3.0, 0.5], np.float64)
    for op in ("atan2", "hypot", "xlogy", "logAddExp"):
        expected = np.array([[rounded(binary_reference(op, u, v), "float64") for v in b] for u in a[:, 0]])
        fixtures.add_case("specialMath", f"{op} float64 broadcast", op, [a, b], expected,
                          tolerance={"kind": "ulps", "ulps": bound(op, "float64")})
    n = np.array([1, 2], np.int64)
    x = np.array([[1], [3]], np.int64)
    expected = np.array([[rounded(polygamma(k, mp.mpf(int(v))), "float32") for k in n] for v in x[:, 0]], np.float32)
    fixtures.add_case("specialMath", "polygamma int64 broadcast", "polygamma", [n, x], expected,
                      tolerance={"kind": "ulps", "ulps": 1})


def main():
    for dtype in ("float32", "float64"):
        for op in UNARY:
            unary_sweep(op, dtype)
        binary_sweeps(dtype)
    convention_cases()
    cases = fixtures.GROUPS["specialMath"]
    body = ",\n".join(fixtures.case_json(case) for case in cases)
    text = "\n".join([
        "{",
        '"_generated": "Generated by Scripts/generate-math-fixtures.py; do not edit by hand, rerun the script.",',
        f'"numpy": "{np.__version__}", "scipy": "{scipy.__version__}", "mpmath": "{mp.__version__}",',
        f'"groups": {{\n"specialMath": [\n{body}\n]',
        "}}",
    ])
    OUTPUT.write_text(text + "\n")
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(cases)} cases, {OUTPUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
