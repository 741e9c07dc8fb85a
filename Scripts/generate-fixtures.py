#!/usr/bin/env python3
"""Writes Tests/OlympusCoreTests/Fixtures/ops.json: NumPy golden values for every user-facing
operation of OlympusCore.

Usage: python3 Scripts/generate-fixtures.py   (needs only numpy; run from anywhere)

Each case names an operation, its inputs (written out in full, so the Swift tests never depend on
NumPy's random streams), its arguments, the expected outputs and a tolerance class. The Swift side
(Tests/OlympusCoreTests/Support) builds the inputs, runs the operation and compares.

Expected values follow Olympus's documented rules where they differ from NumPy's defaults:
JAX-style type promotion (int64 + float32 is float32; a Swift number takes the tensor's type),
`/`, `mean` and float functions of integers give float32, integer sums stay in their type. The
values themselves come from NumPy run at higher precision than the result type (float64 for float32
results, long double for float64 results), rounded once to the result type, so a reference is
correctly rounded up to NumPy's own libm; the Swift tolerances account only for Olympus's error.

Tolerance classes (converted to numbers per dtype in Tests/OlympusCoreTests/Support/Tolerance.swift):
  exact        bit-exact (up to the sign of zero): integer arithmetic, data movement, comparisons,
               single correctly rounded IEEE operations (+ - * / sqrt), floor/ceil/round, max/min.
  elementary   one vectorized transcendental function (exp, log, sin, ...): documented <= 2 ulp;
               `scale` widens the absolute floor where argument reduction loses accuracy (trig).
  composite    a short chain of elementary steps (pow = exp(b log a)); `scale` as above.
  accumulated  a sum of `terms` rounded terms in any order: Higham's bound (n-1) u sum|x_i|, with
               `magnitude` = the largest sum|x_i| over the outputs (or the analogue stated per op).
"""

import math
import pathlib

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "Tests" / "OlympusCoreTests" / "Fixtures" / "ops.json"
rng = np.random.default_rng(20250611)

NP = {"float32": np.float32, "float64": np.float64, "int32": np.int32, "int64": np.int64, "bool": np.bool_}
FLOATS = ("float32", "float64")
INTS = ("int32", "int64")
NUMERIC = FLOATS + INTS
# Machine epsilon (2 u), the unit Tests/OlympusCoreTests/Support/Tolerance.swift scales tolerances by;
# an `accumulated` tolerance allows terms * EPSILON * magnitude.
EPSILON = {"float32": 2.0 ** -23, "float64": 2.0 ** -52}


def name_of(dtype):
    return np.dtype(dtype).name


# ---------------------------------------------------------------------------------------------
# Olympus's type rules (Sources/OlympusCore/Tensor/DType.swift and Ops/Promotion.swift).


def promoted(a, b):
    a, b = name_of(a), name_of(b)
    if a == b:
        return a
    if a in FLOATS or b in FLOATS:
        return "float64" if "float64" in (a, b) else "float32"
    if a in INTS or b in INTS:
        return "int64" if "int64" in (a, b) else "int32"
    return "bool"


def weak(value, dtype):
    """The type a Swift number takes beside a tensor of `dtype`."""
    dtype = name_of(dtype)
    if dtype in FLOATS:
        return dtype
    integral = math.isfinite(value) and float(value).is_integer()
    if dtype in INTS:
        return dtype if integral else "float32"
    if value in (0, 1):
        return "bool"
    return "int64" if integral else "float32"


def floating(dtype):
    dtype = name_of(dtype)
    return dtype if dtype in FLOATS else "float32"


def precise(dtype, exact=False):
    """The NumPy type a reference for a `dtype` result is computed in.

    float32 results are computed in float64 and rounded once: for a single correctly rounded
    operation (+ - * / sqrt) that equals the float32 result (53 >= 2 * 24 + 2 bits). float64
    results of a single such operation (`exact`) are computed in float64 itself, since rounding a
    long double result again could differ in the last bit; longer computations use long double.
    """
    if name_of(dtype) == "float64" and not exact:
        return np.longdouble
    return {"float32": np.float64, "float64": np.float64, "int32": np.int64, "int64": np.int64,
            "bool": np.bool_}[name_of(dtype)]


def lift(array, dtype, exact=False):
    """`array` converted to `dtype` as Olympus converts it, then widened for the reference."""
    return np.asarray(array).astype(NP[name_of(dtype)]).astype(precise(dtype, exact))


def land(array, dtype):
    """A reference rounded once to the result type."""
    return np.asarray(np.asarray(array).astype(NP[name_of(dtype)]))


# ---------------------------------------------------------------------------------------------
# Inputs: a base array written in full, optionally seen through views (non-contiguous layouts).


def values(shape, dtype, low=-3.0, high=3.0, decimals=3):
    """Deterministic inputs with few decimals (exactly convertible to either float type)."""
    dtype = name_of(dtype)
    if dtype in FLOATS:
        return rng.uniform(low, high, size=shape).round(decimals).astype(NP[dtype])
    if dtype in INTS:
        return rng.integers(int(low), int(high) + 1, size=shape).astype(NP[dtype])
    return rng.random(size=shape) < 0.5


def special(dtype):
    return np.array([0.0, -0.0, 1.5, -2.25, np.inf, -np.inf, np.nan], dtype=NP[dtype])


class Input:
    """A base array and the views applied to it before the operation (each a Swift call)."""

    def __init__(self, base, *view):
        self.base = np.asarray(base)
        self.view = list(view)

    def array(self):
        result = self.base
        for step in self.view:
            kind, argument = next(iter(step.items()))
            if kind == "transpose":
                result = result.transpose(argument)
            elif kind == "slice":
                result = result[subscript(argument)]
            elif kind == "broadcast":
                result = np.broadcast_to(result, argument)
            else:
                raise ValueError(kind)
        return result

    @property
    def dtype(self):
        return name_of(self.base.dtype)


def wrap(x):
    return x if isinstance(x, Input) else Input(x)


def transposed(base, permutation=None):
    permutation = list(range(base.ndim))[::-1] if permutation is None else permutation
    return Input(base, {"transpose": permutation})


def sliced(base, *entries):
    return Input(base, {"slice": list(entries)})


def broadcasted(base, shape):
    return Input(base, {"broadcast": list(shape)})


def s(start=None, end=None, step=1):
    """A slice entry: Python's `start:end:step`."""
    return {"slice": [start, end, step]}


NEW_AXIS = "newAxis"
ELLIPSIS = "ellipsis"


def subscript(entries):
    result = []
    for entry in entries:
        if entry == NEW_AXIS:
            result.append(None)
        elif entry == ELLIPSIS:
            result.append(Ellipsis)
        elif isinstance(entry, int):
            result.append(entry)
        else:
            start, end, step = entry["slice"]
            result.append(slice(start, end, step))
    return tuple(result)


# ---------------------------------------------------------------------------------------------
# Cases.

GROUPS = {}


def exact():
    return {"kind": "exact"}


def elementary(scale=1.0):
    return {"kind": "elementary", "scale": float(scale)}


def composite(scale=1.0):
    return {"kind": "composite", "scale": float(scale)}


def accumulated(terms, magnitude):
    return {"kind": "accumulated", "terms": int(terms), "magnitude": float(magnitude)}


def add_case(group, name, op, inputs, expected, args=None, tolerance=None):
    cases = GROUPS.setdefault(group, [])
    taken = {case["name"] for case in cases}
    name = name.strip()
    base, copy = name, 1
    while name in taken:  # same operation and types, other values
        copy += 1
        name = f"{base} #{copy}"
    expected = expected if isinstance(expected, list) else [expected]
    cases.append({
        "name": name, "op": op, "args": args or {}, "inputs": [wrap(x) for x in inputs],
        "expected": [np.asarray(e) for e in expected], "tolerance": tolerance or exact()})


def shape_text(x):
    return "[" + ",".join(str(d) for d in np.shape(x)) + "]"


def args_text(args):
    return " ".join(f"{key}={json_value(value)}" for key, value in args.items())


def subscript_text(entries):
    def entry(e):
        if e == NEW_AXIS:
            return "newAxis"
        if e == ELLIPSIS:
            return "..."
        if isinstance(e, int):
            return str(e)
        start, end, step = ("" if v is None else str(v) for v in e["slice"])
        return f"{start}:{end}" + (f":{step}" if step != "1" else "")
    return "[" + ", ".join(entry(e) for e in entries) + "]"


def describe(x):
    x = wrap(x)
    text = f"{x.dtype}{shape_text(x.array())}"
    if x.view:
        text += "(" + ",".join(next(iter(step)) for step in x.view) + ")"
    return text


# ---------------------------------------------------------------------------------------------
# Arithmetic: + - * / % pow floorDivide, unary minus, and the Swift-number overloads.

ARITHMETIC = {
    "add": np.add, "subtract": np.subtract, "multiply": np.multiply, "divide": np.divide,
    "remainder": np.remainder, "pow": np.power, "floorDivide": np.floor_divide,
}


def arithmetic_dtype(op, a, b):
    dtype = promoted(a, b)
    return floating(dtype) if op == "divide" else dtype


def arithmetic_tolerance(op, dtype, x, y):
    if dtype not in FLOATS or op in ("add", "subtract", "multiply", "divide", "floorDivide"):
        return exact()
    if op == "remainder":
        # a - b * floor(a / b) may be computed with one rounding per step (exact in NumPy's fmod).
        return accumulated(2, max(1.0, float(np.nanmax(np.abs(np.where(np.isfinite(x), x, 0)), initial=0))))
    return composite()


def arithmetic_reference(op, x, y, dtype):
    with np.errstate(all="ignore"):
        if op == "floorDivide" and dtype in FLOATS:
            return np.floor(x / y)  # Olympus's floor(a / b); inputs avoid the quotients where it differs
        return ARITHMETIC[op](x, y)


def binary_case(op, a, b, note=""):
    a, b = wrap(a), wrap(b)
    x, y = a.array(), b.array()
    dtype = arithmetic_dtype(op, x.dtype, y.dtype)
    px, py = lift(x, dtype, op != "pow"), lift(y, dtype, op != "pow")
    expected = land(arithmetic_reference(op, px, py, dtype), dtype)
    name = f"{op} {describe(a)} {describe(b)}{note}"
    add_case("arithmetic", name, op, [a, b], expected, tolerance=arithmetic_tolerance(op, dtype, px, py))


def scalar_case(op, a, scalar, side):
    a = wrap(a)
    x = a.array()
    scalar_dtype = weak(scalar, x.dtype)
    dtype = arithmetic_dtype(op, x.dtype, scalar_dtype)
    px, py = lift(x, dtype, op != "pow"), lift(np.array(scalar).astype(NP[scalar_dtype]), dtype, op != "pow")
    left, right = (px, py) if side == "right" else (py, px)
    expected = land(arithmetic_reference(op, left, right, dtype), dtype)
    text = f"{describe(a)} {op} {scalar}" if side == "right" else f"{scalar} {op} {describe(a)}"
    add_case("arithmetic", text, op, [a], expected, args={"scalar": float(scalar), "side": side},
             tolerance=arithmetic_tolerance(op, dtype, left, right))


def away_from_integer_quotients(a, b):
    """Nudges `a` so that a / b is never within 1e-3 of an integer (where floor(a / b) and the
    remainder depend on the last bit of the quotient)."""
    with np.errstate(all="ignore"):
        q = a.astype(np.float64) / b.astype(np.float64)
        near = np.abs(q - np.round(q)) < 1e-3
    return np.where(near, a + np.asarray(0.25, a.dtype) * b, a).astype(a.dtype)


def nonzero(x):
    return np.where(x == 0, np.ones_like(x), x)


def arithmetic_cases():
    for dtype in NUMERIC:
        for op in ("add", "subtract", "multiply", "divide", "remainder", "floorDivide", "pow"):
            a = values([2, 3], dtype, -5, 5)
            b = values([2, 3], dtype, -5, 5)
            if op in ("divide", "remainder", "floorDivide"):
                b = nonzero(b)
                if dtype in FLOATS:
                    a = away_from_integer_quotients(a, b)
            if op == "pow":
                a = values([2, 3], dtype, 0.2, 3) if dtype in FLOATS else values([2, 3], dtype, -3, 3)
                b = values([2, 3], dtype, -2, 3) if dtype in FLOATS else values([2, 3], dtype, 0, 4)
            binary_case(op, a, b)
    # Broadcasting pairs.
    binary_case("add", values([2, 3], "float32"), values([3], "float32"))
    binary_case("multiply", values([4, 1], "float32"), values([1, 5], "float32"))
    binary_case("subtract", np.array(2.5, np.float32), values([3], "float32"))
    binary_case("subtract", values([3], "float64"), np.array(-1.25, np.float64))
    binary_case("add", values([2, 1, 3], "int32"), values([4, 1], "int32"))
    binary_case("divide", values([3, 1], "float64"), nonzero(values([1, 4], "float64")))
    binary_case("multiply", values([0, 3], "float32"), values([3], "float32"))
    binary_case("add", values([2, 0], "float64"), values([2, 1], "float64"))
    binary_case("add", np.array(1.5, np.float32), np.array(2.25, np.float32))
    # Mixed types promote (JAX lattice: a float of any width wins over every integer).
    binary_case("add", values([2, 3], "int32"), values([2, 3], "float32"))
    binary_case("multiply", values([2, 3], "int64"), values([2, 3], "float32"))
    binary_case("subtract", values([2, 3], "int32"), values([2, 3], "int64"))
    binary_case("add", values([2, 3], "float32"), values([2, 3], "float64"))
    binary_case("add", values([2, 3], "bool"), values([2, 3], "int32"))
    binary_case("multiply", values([3], "bool"), values([2, 3], "float32"))
    binary_case("divide", values([2, 3], "int32"), nonzero(values([2, 3], "int32")))
    binary_case("divide", values([2, 3], "int64"), nonzero(values([3], "int64")))
    binary_case("pow", values([2, 3], "int32", 0, 4), values([2, 3], "float32", -1, 2))
    # Non-contiguous operands: transposed, strided and reversed slices, stride-0 broadcasts.
    binary_case("add", transposed(values([3, 2], "float32")), values([2, 3], "float32"))
    binary_case("multiply", transposed(values([4, 3], "float64")), transposed(values([4, 3], "float64")))
    binary_case("subtract", sliced(values([4, 6], "float32"), s(None, None, 2), s(1, None, 2)), values([2, 3], "float32"))
    binary_case("add", sliced(values([7], "int64"), s(None, None, -2)), values([4], "int64"))
    binary_case("multiply", broadcasted(values([3], "float32"), [4, 3]), transposed(values([3, 4], "float32")))
    binary_case("divide", sliced(values([5, 4], "float64"), s(4, 0, -1)), broadcasted(np.array([2.0]), [4, 4]))
    # Remainder and floor division take the divisor's sign; integer division by zero gives 0.
    a = np.array([7, -7, 7, -7, 0, 5], np.int32)
    b = np.array([3, 3, -3, -3, 2, -5], np.int32)
    binary_case("remainder", a, b, " signs")
    binary_case("floorDivide", a, b, " signs")
    binary_case("remainder", a.astype(np.float64) + 0.5, b.astype(np.float64), " signs")
    binary_case("floorDivide", a.astype(np.float32) + 0.5, b.astype(np.float32), " signs")
    zero_divisor = np.array([0, 0, 0], np.int64)
    binary_case("floorDivide", np.array([5, -5, 0], np.int64), zero_divisor, " by zero")
    binary_case("remainder", np.array([5, -5, 0], np.int64), zero_divisor, " by zero")
    binary_case("pow", np.array([2, -3, 0, 1, 5], np.int64), np.array([10, 3, 0, 7, 0], np.int64), " exact")
    # IEEE special values.
    binary_case("divide", np.array([1, -1, 0, np.nan, np.inf, 3], np.float32),
                np.array([0, 0, 0, 1, np.inf, -np.inf], np.float32), " special")
    binary_case("add", special("float64"), special("float64")[::-1].copy(), " special")
    binary_case("multiply", special("float32"), np.array([0, 2, -1, 0, 0, 2, 1], np.float32), " special")
    binary_case("pow", np.array([0, 0, 2, -2, 4, np.nan], np.float64), np.array([0, -1, 0.5, 2, -0.5, 2], np.float64), " special")
    # A long operand (vector loops with a tail).
    binary_case("multiply", values([263], "float32"), values([263], "float32"), " long")
    binary_case("add", values([33, 31], "float64"), values([31], "float64"), " long")
    # Swift numbers take the tensor's type.
    for dtype, scalar in (("float32", 2.0), ("float32", 0.1), ("float64", -1.5), ("int32", 3.0),
                          ("int32", 2.5), ("int64", -4.0), ("bool", 2.0), ("bool", 1.5)):
        for op in ("add", "subtract", "multiply", "divide"):
            x = values([2, 3], dtype, 1, 5)
            scalar_case(op, x, scalar, "right")
            scalar_case(op, x, scalar, "left")
    scalar_case("remainder", values([5], "float32", -5, 5), 1.5, "right")
    scalar_case("remainder", values([5], "int32", -5, 5), 3.0, "right")
    scalar_case("remainder", values([5], "float64", 0.5, 5), 7.0, "left")
    scalar_case("pow", values([4], "float32", 0.5, 3), 2.0, "right")
    scalar_case("pow", values([4], "int64", 0, 3), 3.0, "right")
    scalar_case("pow", values([4], "float64", -2, 2), 2.0, "left")
    scalar_case("add", np.array(3, np.int32), 1.5, "right")
    for dtype in ("float32", "float64", "int32", "int64"):
        x = values([2, 3], dtype, -4, 4)
        add_case("arithmetic", f"negate {dtype}[2,3]", "negate", [x], land(-lift(x, dtype), dtype))
    x = transposed(values([3, 2], "float32"))
    add_case("arithmetic", "negate float32[2,3](transpose)", "negate", [x], -x.array())
    add_case("arithmetic", "negate float64[] special", "negate", [np.array(np.inf)], np.array(-np.inf))


# ---------------------------------------------------------------------------------------------
# Elementwise math: unary functions, maximum/minimum/clip.

UNARY = {
    "exp": np.exp, "log": np.log, "log1p": np.log1p, "expm1": np.expm1, "sqrt": np.sqrt,
    "rsqrt": lambda x: 1 / np.sqrt(x), "sin": np.sin, "cos": np.cos, "tan": np.tan, "tanh": np.tanh,
    "sigmoid": lambda x: 1 / (1 + np.exp(-x)), "abs": np.abs, "sign": np.sign, "floor": np.floor,
    "ceil": np.ceil, "round": np.round, "isNaN": np.isnan, "isFinite": np.isfinite,
}
FLOAT_FUNCTIONS = ("exp", "log", "log1p", "expm1", "sqrt", "rsqrt", "sin", "cos", "tan", "tanh", "sigmoid")
DOMAINS = {
    "exp": (-10, 10), "log": (0.01, 20), "log1p": (-0.9, 10), "expm1": (-5, 5), "sqrt": (0, 20),
    "rsqrt": (0.01, 20), "sin": (-8, 8), "cos": (-8, 8), "tan": (-1.5, 1.5), "tanh": (-6, 6),
    "sigmoid": (-12, 12), "abs": (-5, 5), "sign": (-2, 2), "floor": (-5, 5), "ceil": (-5, 5),
    "round": (-5, 5), "isNaN": (-5, 5), "isFinite": (-5, 5),
}


def unary_dtype(op, dtype):
    if op in FLOAT_FUNCTIONS:
        return floating(dtype)
    if op in ("isNaN", "isFinite"):
        return "bool"
    return dtype


def unary_case(op, x, note=""):
    x = wrap(x)
    array = x.array()
    dtype = unary_dtype(op, array.dtype)
    compute = dtype if dtype != "bool" else name_of(array.dtype)
    transcendental = op in FLOAT_FUNCTIONS and op != "sqrt"
    with np.errstate(all="ignore"):
        expected = land(UNARY[op](lift(array, compute, exact=not transcendental)), dtype)
    if transcendental:
        finite = np.abs(array[np.isfinite(array)]) if array.size else np.zeros(0)
        scale = max(1.0, float(finite.max(initial=0))) if op in ("sin", "cos", "tan") else 1.0
        tolerance = elementary(scale)
    else:
        tolerance = exact()
    add_case("math", f"{op} {describe(x)}{note}", op, [x], expected, tolerance=tolerance)


def unary_cases():
    for op in UNARY:
        low, high = DOMAINS[op]
        for dtype in FLOATS:
            unary_case(op, values([3, 4], dtype, low, high))
        unary_case(op, values([5], "int32", max(low, 0.0) if op in ("log", "rsqrt") else low, high))
        unary_case(op, transposed(values([4, 3], "float32", low, high)))
        unary_case(op, special("float32"), " special")
        unary_case(op, special("float64"), " special")
    for op in ("exp", "log", "sin", "cos", "tanh", "sigmoid", "sqrt", "expm1", "log1p"):
        low, high = DOMAINS[op]
        unary_case(op, values([263], "float32", low, high), " long")
        unary_case(op, values([131], "float64", low, high), " long")
    unary_case("abs", values([2, 3], "int64", -5, 5))
    unary_case("sign", values([2, 3], "int64", -2, 2))
    unary_case("floor", values([4], "int64"))
    unary_case("exp", values([3], "bool"))
    unary_case("exp", np.array(0.5, np.float32))
    unary_case("log", np.zeros([0, 3], np.float64))
    unary_case("sin", sliced(values([9], "float64", -3, 3), s(None, None, -2)))
    unary_case("exp", np.array([-100, -87, -20, 0, 20, 88, 89, 100], np.float32), " range")
    unary_case("exp", np.array([-800, -700, -20, 0, 20, 700, 710, 800], np.float64), " range")
    unary_case("log1p", np.array([1e-6, -1e-6, 1e-3, 3e-8], np.float32), " tiny")
    unary_case("expm1", np.array([1e-6, -1e-6, 1e-3, 3e-8], np.float64), " tiny")
    unary_case("tanh", np.array([-30, -9.5, -1e-4, 1e-4, 9.5, 30], np.float32), " saturation")
    unary_case("sigmoid", np.array([-100, -30, -1e-4, 1e-4, 30, 100], np.float64), " saturation")
    unary_case("round", np.array([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4999, 3.5001], np.float32), " halves")
    unary_case("sin", np.array([-100, -31.4, 31.4, 100, 1000], np.float32), " large")
    unary_case("cos", np.array([-100, -31.4, 31.4, 100, 1000], np.float64), " large")
    for op, reference in (("maximum", np.maximum), ("minimum", np.minimum)):
        for a, b in ((values([2, 3], "float32"), values([2, 3], "float32")),
                     (values([2, 3], "float64"), values([3], "float64")),
                     (values([2, 3], "int32"), values([2, 1], "int64")),
                     (values([2, 3], "int32"), values([2, 3], "float32")),
                     (transposed(values([3, 2], "float64")), values([2, 3], "float64")),
                     (special("float32"), np.array([1, 1, 1, 1, 1, 1, 1], np.float32))):
            a, b = wrap(a), wrap(b)
            x, y = a.array(), b.array()
            dtype = promoted(x.dtype, y.dtype)
            add_case("math", f"{op} {describe(a)} {describe(b)}", op, [a, b],
                     land(reference(lift(x, dtype), lift(y, dtype)), dtype))
        for x, scalar in ((values([5], "float32"), 0.5), (values([5], "int32"), 1.0), (values([5], "int64"), 0.5)):
            dtype = promoted(x.dtype, weak(scalar, x.dtype))
            add_case("math", f"{op} {describe(x)} {scalar}", op, [x],
                     land(reference(lift(x, dtype), scalar), dtype), args={"scalar": scalar})
    for x, lower, upper in ((values([7], "float32"), -1.0, 1.5), (values([7], "float64"), None, 0.25),
                            (values([7], "int32"), -1.0, None), (values([7], "int64"), -1.5, 2.5),
                            (special("float32"), -1.0, 1.0)):
        dtype = name_of(x.dtype)
        if lower is not None:
            dtype = promoted(x.dtype, weak(lower, x.dtype))
        if upper is not None:
            dtype = promoted(dtype, weak(upper, dtype))
        reference = lift(x, dtype)
        if lower is not None:
            reference = np.maximum(reference, lower)
        if upper is not None:
            reference = np.minimum(reference, upper)
        add_case("math", f"clip {describe(x)} {lower} {upper}", "clip", [x], land(reference, dtype),
                 args={"min": lower, "max": upper})
    x, low, high = values([3, 4], "float32"), values([4], "float32", -2, 0), values([3, 1], "float32", 0, 2)
    add_case("math", "clip float32[3,4] tensors", "clipTensors", [x, low, high], np.minimum(np.maximum(x, low), high))


# ---------------------------------------------------------------------------------------------
# Comparisons, logical operations, select.

COMPARISONS = {"equal": np.equal, "notEqual": np.not_equal, "less": np.less, "lessEqual": np.less_equal,
               "greater": np.greater, "greaterEqual": np.greater_equal}
LOGICAL = {"logicalAnd": np.logical_and, "logicalOr": np.logical_or, "logicalXor": np.logical_xor}


def comparison_cases():
    for op, reference in COMPARISONS.items():
        pairs = (
            (values([3, 4], "float32", -2, 2, 0), values([3, 4], "float32", -2, 2, 0)),
            (values([3, 4], "int32", -2, 2), values([4], "int32", -2, 2)),
            (values([2, 3], "int64", -2, 2), values([2, 3], "float64", -2, 2, 0)),
            (special("float64"), np.array([0, 0, 1.5, np.nan, np.inf, 0, np.nan])),
            (values([2, 2], "bool"), values([2, 2], "bool")),
            (transposed(values([3, 2], "float32", -2, 2, 0)), np.array(0.0, np.float32)),
        )
        for a, b in pairs:
            a, b = wrap(a), wrap(b)
            x, y = a.array(), b.array()
            dtype = promoted(x.dtype, y.dtype)
            add_case("comparisons", f"{op} {describe(a)} {describe(b)}", op, [a, b],
                     reference(lift(x, dtype), lift(y, dtype)))
        for x, scalar in ((values([5], "float32", -2, 2, 0), 0.0), (values([5], "int32", -2, 2), 1.5)):
            dtype = promoted(x.dtype, weak(scalar, x.dtype))
            add_case("comparisons", f"{op} {describe(x)} {scalar}", op, [x], reference(lift(x, dtype), scalar),
                     args={"scalar": scalar})
    for op, reference in LOGICAL.items():
        for a, b in ((values([2, 3], "bool"), values([2, 3], "bool")),
                     (values([2, 3], "bool"), values([3], "bool")),
                     (values([4], "float32", -1, 1, 0), values([4], "int32", -1, 1)),
                     (transposed(values([3, 2], "bool")), np.array(True))):
            a, b = wrap(a), wrap(b)
            add_case("comparisons", f"{op} {describe(a)} {describe(b)}", op, [a, b], reference(a.array(), b.array()))
    for x in (values([2, 3], "bool"), values([5], "float64", -1, 1, 0), transposed(values([3, 2], "bool"))):
        x = wrap(x)
        add_case("comparisons", f"logicalNot {describe(x)}", "logicalNot", [x], np.logical_not(x.array()))
    for condition, on_true, on_false in (
            (values([2, 3], "bool"), values([2, 3], "float32"), values([2, 3], "float32")),
            (values([3], "bool"), values([2, 3], "float64"), values([2, 1], "float64")),
            (values([2, 1], "bool"), values([3], "int32"), values([2, 3], "float32")),
            (values([4], "int64", -1, 1), values([4], "int64"), np.array(7, np.int64)),
            (transposed(values([3, 2], "bool")), transposed(values([3, 2], "float32")), values([2, 3], "float32")),
            (np.array(True), values([2, 2], "float32"), values([2, 2], "float32"))):
        c, a, b = wrap(condition), wrap(on_true), wrap(on_false)
        dtype = promoted(a.dtype, b.dtype)
        expected = np.where(c.array().astype(bool), a.array().astype(NP[dtype]), b.array().astype(NP[dtype]))
        add_case("comparisons", f"select {describe(c)} {describe(a)} {describe(b)}", "select", [c, a, b], expected)
    condition, x = values([5], "bool"), values([5], "float32")
    add_case("comparisons", "select float32 onFalse 0.5", "select", [condition, x], np.where(condition, x, np.float32(0.5)),
             args={"onFalse": 0.5})
    y = values([5], "int32")
    add_case("comparisons", "select int32 onTrue 2.5", "select", [condition, y],
             np.where(condition, np.float32(2.5), y.astype(np.float32)), args={"onTrue": 2.5})


# ---------------------------------------------------------------------------------------------
# Reductions.


def normalized_axes(axes, rank):
    if axes is None:
        return tuple(range(rank))
    return tuple(sorted(a % rank for a in axes)) if rank else ()


def reduced_count(shape, axes):
    return int(np.prod([shape[a] for a in axes], dtype=np.int64)) if axes else 1


def reduction_case(op, x, args, note=""):
    x = wrap(x)
    array = x.array()
    dtype = name_of(array.dtype)
    keep = args.get("keepDims", False)
    axes = normalized_axes(args.get("axes"), array.ndim)
    count = reduced_count(array.shape, axes)
    tolerance = exact()
    with np.errstate(all="ignore"):
        if op in ("sum", "prod"):
            result_dtype = "int64" if dtype == "bool" else dtype
            p = lift(array, result_dtype)
            reference = p.sum(axis=axes, keepdims=keep) if op == "sum" else p.prod(axis=axes, keepdims=keep)
            if result_dtype in FLOATS:
                magnitude = (np.abs(p).sum(axis=axes) if op == "sum" else np.abs(reference)).max(initial=0)
                tolerance = accumulated(count, magnitude)
        elif op in ("max", "min"):
            result_dtype = dtype
            reference = (np.max if op == "max" else np.min)(array, axis=axes, keepdims=keep)
        elif op == "mean":
            result_dtype = floating(dtype)
            p = lift(array, result_dtype)
            reference = p.mean(axis=axes, keepdims=keep) if count else p.sum(axis=axes, keepdims=keep) / 0
            magnitude = (np.abs(p).sum(axis=axes) / max(count, 1)).max(initial=0)
            tolerance = accumulated(count + 1, magnitude)
        elif op in ("variance", "std"):
            result_dtype = floating(dtype)
            correction = args.get("correction", 0)
            p = lift(array, result_dtype)
            variance = p.var(axis=axes, keepdims=keep, ddof=correction)
            mean = p.mean(axis=axes, keepdims=True)
            # The error of sum((x - m)^2) / (n - c) is bounded like a sum of 2n + 4 terms of size
            # (|x| + |m|)^2 (the mean carries n roundings, each square and deviation one more).
            spread = ((np.abs(p) + np.abs(mean)) ** 2).sum(axis=axes) / (count - correction)
            terms, magnitude = 2 * count + 4, float(spread.max(initial=0))
            if op == "std":
                # sqrt moves an absolute error d of the variance by at most min(d / (2 sqrt v), sqrt d),
                # plus its own rounding; restated as a magnitude for the same number of terms.
                reference = np.sqrt(variance)
                slack = terms * EPSILON[result_dtype] * magnitude
                smallest = float(reference.min(initial=np.inf))
                error = min(slack / (2 * smallest) if smallest > 0 else np.inf, math.sqrt(slack))
                error += EPSILON[result_dtype] * float(reference.max(initial=0))
                magnitude = error / (terms * EPSILON[result_dtype])
            else:
                reference = variance
            tolerance = accumulated(terms, magnitude)
        elif op == "logSumExp":
            result_dtype = floating(dtype)
            p = lift(array, result_dtype)
            peak = p.max(axis=axes, keepdims=True)
            shift = np.where(np.isfinite(peak), peak, 0)
            reference = np.log(np.exp(p - shift).sum(axis=axes, keepdims=True)) + shift
            reference = reference if keep else reference.reshape([d for i, d in enumerate(array.shape) if i not in axes])
            finite = np.abs(reference[np.isfinite(reference)])
            tolerance = accumulated(count + 8, 1 + float(finite.max(initial=0)))
        elif op in ("all", "any"):
            result_dtype = "bool"
            reference = (np.all if op == "all" else np.any)(array, axis=axes, keepdims=keep)
        else:
            raise ValueError(op)
    add_case("reductions", f"{op} {describe(x)} {args_text(args)}{note}".replace("  ", " "), op, [x], land(reference, result_dtype), args=args,
             tolerance=tolerance)


def arg_case(op, x, axis, keep=False, note=""):
    x = wrap(x)
    array = x.array()
    reference = (np.argmax if op == "argmax" else np.argmin)(array, axis=axis, keepdims=keep)
    add_case("reductions", f"{op} {describe(x)} axis {axis} keep {keep}{note}", op, [x],
             np.asarray(reference, np.int64), args={"axis": axis, "keepDims": keep})


def cumsum_case(x, axis, note=""):
    x = wrap(x)
    array = x.array()
    dtype = "int64" if array.dtype == np.bool_ else name_of(array.dtype)
    p = lift(array, dtype)
    reference = np.cumsum(p, axis=axis) if axis is not None else np.cumsum(p.reshape(-1))
    tolerance = exact()
    if dtype in FLOATS:
        magnitude = np.cumsum(np.abs(p), axis=axis) if axis is not None else np.cumsum(np.abs(p.reshape(-1)))
        terms = array.shape[axis] if axis is not None else array.size
        tolerance = accumulated(terms, magnitude.max(initial=0))
    add_case("reductions", f"cumsum {describe(x)} axis {axis}{note}", "cumsum", [x], land(reference, dtype),
             args={"axis": axis}, tolerance=tolerance)


def reduction_cases():
    matrix = values([3, 4], "float32")
    cube = values([2, 3, 4], "float64")
    variants2 = ({}, {"axes": [0]}, {"axes": [1]}, {"axes": [-1]}, {"axes": [0], "keepDims": True},
                 {"axes": [0, 1]}, {"keepDims": True})
    variants3 = ({"axes": [0, 2]}, {"axes": [-3, -1]}, {"axes": [1, 2], "keepDims": True},
                 {"axes": [2, 0], "keepDims": True}, {"axes": [1]})
    for op in ("sum", "mean", "max", "min", "prod", "variance", "std", "logSumExp"):
        source = values([3, 4], "float32", 0.5, 1.5) if op == "prod" else matrix
        for args in variants2:
            reduction_case(op, source, args)
        for args in variants3:
            reduction_case(op, values([2, 3, 4], "float64", 0.5, 1.5) if op == "prod" else cube, args)
        reduction_case(op, transposed(source), {"axes": [0]})
        reduction_case(op, sliced(values([5, 6], "float32", 0.5, 1.5), s(None, None, -2), s(1, None, 2)), {"axes": [1]})
        reduction_case(op, np.array(1.75, np.float32), {})
        reduction_case(op, values([4, 3], "int32", -4, 4) if op != "prod" else values([4, 3], "int32", 1, 3), {"axes": [0]})
        reduction_case(op, values([3, 4], "int64", -4, 4) if op != "prod" else values([3, 4], "int64", 1, 3), {})
    for op in ("sum", "prod", "max", "min"):
        reduction_case(op, values([3, 4], "bool"), {"axes": [1]})
    reduction_case("mean", values([3, 4], "bool"), {"axes": [1]})
    reduction_case("sum", values([3, 4], "float32"), {"axes": []}, " no axes")
    for op in ("variance", "std"):
        reduction_case(op, matrix, {"correction": 1})
        reduction_case(op, cube, {"axes": [0, 2], "correction": 1, "keepDims": True})
    # Zero-size inputs: sums and products give their identity, the mean NaN.
    empty = np.zeros([0, 3], np.float32)
    for op in ("sum", "prod", "mean", "any", "all"):
        reduction_case(op, empty, {"axes": [0]})
        reduction_case(op, empty, {})
    reduction_case("max", empty, {"axes": [1]})
    reduction_case("sum", np.zeros([2, 0], np.int32), {"axes": [1]})
    # NaN propagates; infinities.
    nan_row = np.array([[1, np.nan, 3], [-np.inf, 2, np.inf]], np.float32)
    for op in ("max", "min", "sum", "logSumExp"):
        reduction_case(op, nan_row, {"axes": [1]}, " special")
    reduction_case("logSumExp", np.array([[-np.inf, -np.inf], [-np.inf, 0], [np.inf, 1]], np.float64), {"axes": [1]}, " infinite")
    reduction_case("logSumExp", np.array([1000, 1001, 999.5], np.float32), {}, " large")
    # Long inputs: vector accumulators and tails.
    long = values([24, 19], "float32", -1, 1)
    for op, args in (("sum", {}), ("sum", {"axes": [0]}), ("sum", {"axes": [1]}), ("mean", {}), ("max", {"axes": [0]}),
                     ("min", {}), ("variance", {"axes": [1]}), ("logSumExp", {"axes": [0]})):
        reduction_case(op, long, args, " long")
    reduction_case("sum", values([517], "float64", -1, 1), {}, " long")
    # all / any on bool and numbers (non-zero is true).
    flags = values([3, 4], "bool")
    for op in ("all", "any"):
        for args in ({}, {"axes": [0]}, {"axes": [-1], "keepDims": True}):
            reduction_case(op, flags, args)
        reduction_case(op, np.array([[0, 1.5, -2], [1, 1, 1]], np.float32), {"axes": [1]})
        reduction_case(op, transposed(values([4, 3], "bool")), {"axes": [1]})
        reduction_case(op, np.array(False), {})
    # argmax / argmin: first occurrence of ties, NaN counts as the extreme.
    for op in ("argmax", "argmin"):
        arg_case(op, matrix, None)
        arg_case(op, matrix, 0)
        arg_case(op, matrix, 1)
        arg_case(op, matrix, -1, True)
        arg_case(op, matrix, None, True)
        arg_case(op, cube, 1)
        arg_case(op, values([3, 5], "int32", -2, 2), 1, note=" ties")
        arg_case(op, np.array([[1, 3, 3, 0], [2, 2, 2, 2]], np.int64), 1, note=" ties")
        arg_case(op, np.array([[1, np.nan, 5, np.nan], [0, 1, 2, 3]], np.float64), 1, note=" nan")
        arg_case(op, transposed(values([4, 3], "float32")), 0)
        arg_case(op, np.array(2.5, np.float32), None)
        arg_case(op, values([4], "bool"), 0)
        arg_case(op, values([263], "float32"), 0, note=" long")
    # cumsum: flattened when no axis; bool counted as int64.
    for axis in (None, 0, 1, -1):
        cumsum_case(matrix, axis)
    cumsum_case(cube, 1)
    cumsum_case(values([3, 4], "int32", -5, 5), 0)
    cumsum_case(values([2, 5], "int64", -5, 5), 1)
    cumsum_case(values([3, 4], "bool"), 1)
    cumsum_case(transposed(values([4, 3], "float32")), 1)
    cumsum_case(np.zeros([0, 2], np.float32), 0)
    cumsum_case(values([3], "float64"), None)
    cumsum_case(values([263], "float32", -1, 1), 0, " long")
    # argsort: stable, NaN last.
    for x, axis in ((values([3, 5], "float32", -2, 2, 1), -1), (values([4, 3], "int32", -2, 2), 0),
                    (np.array([3, np.nan, 1, 1, -np.inf, np.nan, 2], np.float64), 0),
                    (transposed(values([3, 4], "float64")), 1), (np.zeros([0], np.float32), 0)):
        x = wrap(x)
        add_case("sorting", f"argsort {describe(x)} axis {axis}", "argsort", [x],
                 np.argsort(x.array(), axis=axis, kind="stable").astype(np.int64), args={"axis": axis})


# ---------------------------------------------------------------------------------------------
# Shapes.


def shape_case(op, x, expected, args, note=""):
    add_case("shapes", f"{op} {describe(x)} {args_text(args)}{note}".replace("  ", " "), op, [x], expected, args=args)


def shape_cases():
    cube = values([2, 3, 4], "float32")
    t = transposed(values([4, 3], "float64"))
    for shape in ([6, 4], [-1], [4, -1], [2, -1, 2], [24], [1, 2, 1, 12]):
        shape_case("reshaped", cube, cube.reshape(shape), {"shape": shape})
    shape_case("reshaped", t, t.array().reshape(-1), {"shape": [-1]})
    shape_case("reshaped", np.array(5, np.int32), np.array(5, np.int32).reshape([1, 1]), {"shape": [1, 1]})
    shape_case("reshaped", np.array([7], np.int64), np.array(7, np.int64), {"shape": []})
    shape_case("reshaped", np.zeros([0, 3], np.float32), np.zeros([3, 0], np.float32), {"shape": [3, 0]})
    shape_case("flattened", cube, cube.reshape(-1), {})
    shape_case("flattened", t, t.array().reshape(-1), {})
    for permutation in (None, [1, 0, 2], [-1, 0, 1], [2, 0, 1], [0, 1, 2]):
        shape_case("transposed", cube, np.transpose(cube, permutation), {"permutation": permutation})
    integers, line = values([3, 4], "int32"), values([5], "float32")
    shape_case("transposed", integers, integers.T, {"permutation": None})
    shape_case("transposed", line, line, {"permutation": None})
    shape_case("transposed", t, t.array().T, {"permutation": None}, " twice")
    for first, second in ((0, 2), (-1, 0), (1, 1)):
        shape_case("swappingAxes", cube, np.swapaxes(cube, first, second), {"first": first, "second": second})
    for axis in (0, 1, 3, -1, -2, -4):
        shape_case("expandingDimensions", cube, np.expand_dims(cube, axis), {"axis": axis})
    shape_case("expandingDimensions", np.array(2.5, np.float64), np.expand_dims(np.array(2.5), 0), {"axis": 0})
    ones = values([1, 3, 1, 2, 1], "float32")
    for axes in (None, [0], [-1], [0, 2], [2, 4, 0]):
        shape_case("squeezed", ones, np.squeeze(ones, None if axes is None else tuple(axes)), {"axes": axes})
    integers = values([3], "int32")
    shape_case("squeezed", integers, integers, {"axes": None})
    for x, shape in ((values([3], "float32"), [2, 3]), (values([2, 1], "int64"), [2, 4]),
                     (np.array(1.5, np.float64), [2, 2]), (values([1, 3], "bool"), [4, 2, 3]),
                     (values([3], "float32"), [3]), (t, [2, 3, 4]), (values([1, 2], "float32"), [0, 2])):
        x = wrap(x)
        shape_case("broadcast", x, np.broadcast_to(x.array(), shape), {"shape": shape})
    # concatenated / stacked take several inputs.
    for tensors, axis in (([values([2, 3], "float32"), values([1, 3], "float32")], 0),
                          ([values([2, 3], "float32"), values([2, 2], "float32")], 1),
                          ([values([2, 1], "int32"), values([2, 3], "int32"), values([2, 2], "int32")], -1),
                          ([values([2, 2], "int32"), values([2, 2], "float32")], 0),
                          ([values([2, 3], "int64"), values([2, 3], "float64")], 1),
                          ([values([2, 3], "float32"), np.zeros([0, 3], np.float32), values([1, 3], "float32")], 0),
                          ([values([3], "bool"), values([2], "bool")], 0),
                          ([values([4], "float64")], 0),
                          ([transposed(values([3, 2], "float32")), sliced(values([2, 6], "float32"), s(), s(None, None, -2))], 1),
                          ([values([2, 3, 2], "float32"), values([2, 1, 2], "float32")], 1)):
        inputs = [wrap(x) for x in tensors]
        dtype = inputs[0].dtype
        for x in inputs[1:]:
            dtype = promoted(dtype, x.dtype)
        expected = np.concatenate([x.array().astype(NP[dtype]) for x in inputs], axis=axis)
        add_case("shapes", f"concatenated {' '.join(describe(x) for x in inputs)} axis {axis}", "concatenated",
                 inputs, expected, args={"axis": axis})
    for tensors, axis in (([values([2, 3], "float32") for _ in range(3)], 0),
                          ([values([2, 3], "float32") for _ in range(3)], 1),
                          ([values([2, 3], "int64") for _ in range(2)], -1),
                          ([np.array(1.5, np.float64), np.array(-2.0, np.float64)], 0),
                          ([values([2], "int32"), values([2], "float32")], 0),
                          ([transposed(values([3, 2], "float32")), values([2, 3], "float32")], 2)):
        inputs = [wrap(x) for x in tensors]
        dtype = inputs[0].dtype
        for x in inputs[1:]:
            dtype = promoted(dtype, x.dtype)
        expected = np.stack([x.array().astype(NP[dtype]) for x in inputs], axis=axis)
        add_case("shapes", f"stacked {' '.join(describe(x) for x in inputs)} axis {axis}", "stacked", inputs, expected,
                 args={"axis": axis})
    grid = values([6, 4], "float32")
    for count, axis in ((3, 0), (2, -1), (1, 0), (6, 0)):
        shape_case("splitInto", grid, np.split(grid, count, axis=axis), {"count": count, "axis": axis})
    for sizes, axis in (([2, 0, 4], 0), ([1, 3], 1), ([4], -1)):
        shape_case("splitSizes", grid, np.split(grid, np.cumsum(sizes)[:-1], axis=axis), {"sizes": sizes, "axis": axis})
    shape_case("splitInto", t, np.split(t.array(), 3, axis=0), {"count": 3, "axis": 0})
    for x, padding, value in ((values([2, 3], "float32"), [[1, 0], [2, 1]], 0.0),
                              (values([3], "float64"), [[2, 3]], -1.5),
                              (values([2, 2], "int32"), [[0, 1], [1, 0]], 7.0),
                              (values([2, 2], "bool"), [[1, 1], [0, 0]], 1.0),
                              (np.zeros([0, 2], np.float32), [[1, 1], [0, 1]], 3.0),
                              (values([2, 3], "float32"), [[0, 0], [0, 0]], 0.0),
                              (t, [[1, 1], [1, 1]], 9.0)):
        x = wrap(x)
        array = x.array()
        expected = np.pad(array, padding, constant_values=np.array(value).astype(array.dtype))
        shape_case("padded", x, expected, {"padding": padding, "value": value})
    for axes in (None, [0], [-1], [0, 2], []):
        shape_case("flipped", cube, np.flip(cube, None if axes is None else tuple(axes)), {"axes": axes})
    shape_case("flipped", t, np.flip(t.array(), 0), {"axes": [0]})
    shape_case("flipped", np.array(3, np.int64), np.array(3, np.int64), {"axes": None})


# ---------------------------------------------------------------------------------------------
# Indexing: subscripts, take, scatterAdding, oneHot.


def subscript_case(x, entries, note=""):
    x = wrap(x)
    expected = x.array()[subscript(entries)]
    add_case("indexing", f"subscript {describe(x)}{subscript_text(entries)}{note}", "subscript", [x], np.array(expected),
             args={"index": entries})


def take_case(x, indices, axis, op="take"):
    x, indices = wrap(x), wrap(indices)
    expected = np.take(x.array(), indices.array(), axis=axis)
    add_case("indexing", f"{op} {describe(x)} {describe(indices)} axis {axis}", op, [x, indices], expected,
             args={"axis": axis})


def scatter_case(x, updates, indices, axis):
    x, updates, indices = wrap(x), wrap(updates), wrap(indices)
    base, index = x.array(), indices.array()
    dtype = promoted(x.dtype, updates.dtype)
    slot_shape = base.shape[:axis % base.ndim] + index.shape + base.shape[axis % base.ndim + 1:]
    spread = np.broadcast_to(lift(updates.array(), dtype), slot_shape)
    result = lift(base, dtype).copy()
    axis = axis % base.ndim
    lead = (slice(None),) * axis
    for position in np.ndindex(*index.shape):
        result[lead + (index[position],)] += spread[lead + position]
    tolerance = exact()
    if dtype in FLOATS:
        magnitude = np.abs(lift(base, dtype)).max(initial=0) + index.size * np.abs(spread).max(initial=0)
        tolerance = accumulated(index.size + 1, magnitude)
    add_case("indexing", f"scatterAdding {describe(x)} {describe(updates)} at {describe(indices)} axis {axis}",
             "scatterAdding", [x, updates, indices], land(result, dtype), args={"axis": axis}, tolerance=tolerance)


def indexing_cases():
    vector = np.arange(7, dtype=np.float32) * 1.5
    cube = values([2, 3, 4], "float64")
    for entries in ([3], [-1], [s(1)], [s(None, None, 2)], [s(None, None, -1)], [s(5, 1, -2)], [s(-1, -4, -1)],
                    [s(-100, 100)], [s(3, 1)], [s(None, None, -3)], [s(10, None, -2)], [s(1, None, -1)],
                    [s(-2)], [s(None, -2)], [s(6, 7)], [s(2, 2)], [s(None, None, 7)], [s(0, None, -1)],
                    [NEW_AXIS], [ELLIPSIS], [s(1, 6, 2), NEW_AXIS], [NEW_AXIS, s(None, None, -2)], [s(-3, -1)]):
        subscript_case(vector, entries)
    for entries in ([1], [0, 2], [1, -1, -2], [ELLIPSIS, 1], [0, ELLIPSIS], [ELLIPSIS, NEW_AXIS],
                    [NEW_AXIS, ELLIPSIS, 0], [1, ELLIPSIS, s(None, None, -1)], [s(), 1, s(None, None, -2)],
                    [s(None, None, -1), s(1, None), s(3, 0, -2)], [s(), NEW_AXIS, s(), NEW_AXIS],
                    [s(1, 2), s(None, None, 2)], [-1, s(2, 3), -1], [s(), s(), s(), ELLIPSIS],
                    [s(5, 9)], [ELLIPSIS, s(0, 0)]):
        subscript_case(cube, entries)
    subscript_case(np.array(4.5, np.float32), [ELLIPSIS])
    subscript_case(np.array(4.5, np.float32), [NEW_AXIS])
    subscript_case(np.array(4.5, np.float32), [NEW_AXIS, ELLIPSIS, NEW_AXIS])
    subscript_case(np.zeros([0, 3], np.float32), [s(), 1])
    subscript_case(values([3, 4], "int32"), [s(None, None, -1), 2])
    subscript_case(values([3, 4], "bool"), [1, s(1, None, 2)])
    subscript_case(values([2, 5], "int64"), [ELLIPSIS, s(None, None, -2)])
    subscript_case(transposed(values([4, 3], "float32")), [s(None, None, -1), s(1, 3)], " view of view")
    subscript_case(sliced(values([6, 5], "float64"), s(None, None, 2), s(None, None, -1)), [s(1, None), 0], " view of view")
    subscript_case(broadcasted(values([3], "float32"), [2, 3]), [s(None, None, -1), 1])
    # take: the index tensor's shape replaces the axis; negative indices count from the end.
    matrix = values([4, 3], "float32")
    take_case(matrix, np.array([2, 0, -1], np.int64), 0)
    take_case(matrix, np.array([[0, 2], [1, 1]], np.int64), 1)
    take_case(matrix, np.array([-3, 2], np.int32), -1)
    take_case(matrix, np.zeros([0], np.int64), 0)
    take_case(matrix, np.array(1, np.int64), 0)
    take_case(matrix, np.array(-1, np.int32), 1)
    take_case(values([2, 3, 4], "int64"), np.array([3, 0, 3], np.int64), 2)
    take_case(values([5], "bool"), np.array([[4, 0], [1, 1]], np.int64), 0)
    take_case(transposed(values([3, 4], "float64")), np.array([1, 3], np.int64), 0)
    take_case(matrix, sliced(np.array([3, 9, 1, 9, 0], np.int64), s(None, None, 2)), 0)
    take_case(matrix, np.array([3, 1, -4], np.int64), 0, "subscriptTensor")
    take_case(values([3, 2, 2], "int32"), np.array([[2], [0]], np.int32), 0, "subscriptTensor")
    # scatterAdding: repeated indices accumulate; updates broadcast.
    base = values([5, 3], "float32")
    scatter_case(base, values([4, 3], "float32"), np.array([0, 2, 0, 4], np.int64), 0)
    scatter_case(base, values([3], "float32"), np.array([1, 1, -1], np.int64), 0)
    scatter_case(base, values([5, 2], "float32"), np.array([2, 0], np.int64), 1)
    scatter_case(base, values([5, 2, 2], "float32"), np.array([[0, 1], [1, 1]], np.int32), -1)
    scatter_case(values([4], "int64"), values([3], "int64"), np.array([3, 3, 0], np.int64), 0)
    scatter_case(values([4], "int32"), values([3], "float32"), np.array([1, 1, 2], np.int64), 0)
    scatter_case(values([2, 3], "float64"), np.array(1.5, np.float64), np.array([1, 0, 1], np.int64), 0)
    scatter_case(values([3], "float32"), np.zeros([0], np.float32), np.zeros([0], np.int64), 0)
    scatter_case(transposed(values([3, 4], "float64")), values([2, 3], "float64"), np.array([3, 3], np.int64), 0)
    # oneHot: a trailing axis; indices outside 0..<count give all zeros.
    for indices, count, dtype in ((np.array([0, 2, 1, 3], np.int64), 4, "float32"),
                                  (np.array([-1, 5, 2], np.int64), 4, "float32"),
                                  (np.array([[1, 0], [2, 2]], np.int32), 3, "int32"),
                                  (np.array(2, np.int64), 3, "float64"),
                                  (np.array([1, 0], np.int64), 2, "bool"),
                                  (np.zeros([0], np.int64), 3, "float32"),
                                  (np.array([0, 1], np.int64), 0, "float32")):
        expected = (indices[..., None] == np.arange(count)).astype(NP[dtype])
        add_case("indexing", f"oneHot {describe(indices)} count {count} {dtype}", "oneHot", [indices], expected,
                 args={"count": count, "dtype": dtype})


# ---------------------------------------------------------------------------------------------
# Linear algebra and neural-network math.


def contraction_tolerance(p, q, reference, terms, contract):
    """Higham: each output is a k-term dot product, error <= k u sum|a||b|."""
    if reference.dtype.kind != "f":
        return exact()
    magnitude = contract(np.abs(p), np.abs(q))
    return accumulated(max(terms, 1), np.max(magnitude, initial=0))


def product_case(op, a, b, args=None, note=""):
    a, b = wrap(a), wrap(b)
    x, y = a.array(), b.array()
    dtype = promoted(x.dtype, y.dtype)
    single = op == "outer" or (op == "dot" and (x.ndim == 0 or y.ndim == 0))
    p, q = lift(x, dtype, single), lift(y, dtype, single)
    args = args or {}
    if op == "matmul":
        contract = np.matmul
        terms = x.shape[-1]
    elif op == "dot":
        contract = np.dot
        terms = 1 if x.ndim == 0 or y.ndim == 0 else x.shape[-1]
    elif op == "outer":
        contract = np.outer
        terms = 1
    else:
        axes = args["axes"]
        contract = lambda u, v: np.tensordot(u, v, axes=axes if isinstance(axes, int) else tuple(axes))  # noqa: E731
        count = axes if isinstance(axes, int) else len(axes[0])
        contracted = list(range(x.ndim - count, x.ndim)) if isinstance(axes, int) else axes[0]
        terms = int(np.prod([x.shape[i] for i in contracted], dtype=np.int64))
    reference = contract(p, q)
    expected = land(reference, dtype)
    tolerance = contraction_tolerance(p, q, expected, terms, contract) if op != "outer" else exact()
    add_case("linalg", f"{op} {describe(a)} {describe(b)} {args_text(args)}{note}".replace("  ", " ").rstrip(), op, [a, b], expected, args=args,
             tolerance=tolerance)


def linalg_cases():
    for dtype in NUMERIC:
        product_case("matmul", values([3, 4], dtype), values([4, 5], dtype))
    product_case("matmul", values([3, 4], "int32"), values([4, 2], "float32"))
    product_case("matmul", values([3, 4], "int64"), values([4, 2], "float64"))
    product_case("matmul", values([4], "float32"), values([4, 5], "float32"))
    product_case("matmul", values([3, 4], "float64"), values([4], "float64"))
    product_case("matmul", values([4], "float32"), values([4], "float32"))
    product_case("matmul", values([2, 3, 4], "float32"), values([4, 5], "float32"))
    product_case("matmul", values([4], "float64"), values([2, 4, 5], "float64"))
    product_case("matmul", values([2, 1, 3, 4], "float32"), values([5, 4, 2], "float32"))
    product_case("matmul", values([3, 4], "float32"), values([2, 4, 5], "float32"))
    product_case("matmul", transposed(values([4, 3], "float32")), values([4, 5], "float32"))
    product_case("matmul", values([3, 4], "float64"), transposed(values([5, 4], "float64")))
    product_case("matmul", transposed(values([4, 3], "float32")), transposed(values([5, 4], "float32")))
    product_case("matmul", sliced(values([6, 8], "float32"), s(None, None, 2), s(1, None, 2)),
                 sliced(values([4, 9], "float32"), s(), s(None, None, -3)))
    product_case("matmul", transposed(values([2, 4, 3], "float64"), [0, 2, 1]), values([2, 4, 2], "float64"))
    product_case("matmul", broadcasted(values([3, 4], "float32"), [2, 3, 4]), values([2, 4, 3], "float32"))
    product_case("matmul", np.zeros([3, 0], np.float32), np.zeros([0, 2], np.float32))
    product_case("matmul", np.zeros([0, 4], np.float64), values([4, 2], "float64"))
    product_case("matmul", np.zeros([0, 3, 4], np.float32), values([4, 2], "float32"))
    product_case("matmul", values([1, 1], "float32"), values([1, 1], "float32"))
    product_case("matmul", values([37, 41], "float32", -1, 1), values([41, 29], "float32", -1, 1), note=" large")
    product_case("matmul", values([24, 31], "float64", -1, 1), values([31, 17], "float64", -1, 1), note=" large")
    product_case("matmul", values([65, 9], "float32", -1, 1), values([9], "float32", -1, 1), note=" large")
    product_case("dot", values([5], "float32"), values([5], "float32"))
    product_case("dot", values([3, 4], "float64"), values([4, 2], "float64"))
    product_case("dot", np.array(2.5, np.float32), values([3], "float32"))
    product_case("dot", values([2, 3], "int32"), np.array(-2, np.int32))
    product_case("dot", values([2, 3, 4], "float32"), values([4], "float32"))
    product_case("dot", values([2, 3, 4], "float64"), values([5, 4, 2], "float64"))
    product_case("dot", values([3], "float32"), values([2, 3, 4], "float32"))
    product_case("dot", values([4], "int64"), values([4, 2], "int64"))
    for a, b, axes in ((values([2, 3], "float32"), values([4], "float32"), 0),
                       (values([2, 3], "float32"), values([3, 4], "float32"), 1),
                       (values([2, 3, 4], "float64"), values([3, 4, 5], "float64"), 2),
                       (values([3, 4, 5], "float32"), values([4, 3, 2], "float32"), [[1, 0], [0, 1]]),
                       (values([3, 4], "float64"), values([4, 2], "float64"), [[-1], [0]]),
                       (values([2, 3], "int32"), values([3, 2], "int32"), [[0], [1]]),
                       (transposed(values([4, 3], "float32")), values([4, 2], "float32"), [[1], [0]]),
                       (values([3], "float32"), values([3], "float32"), [[0], [0]])):
        product_case("tensordot", a, b, {"axes": axes})
    product_case("outer", values([3], "float32"), values([4], "float32"))
    product_case("outer", values([2, 2], "int64"), values([3], "int64"))
    product_case("outer", values([3], "int32"), values([2], "float64"))
    product_case("outer", np.array(2.0, np.float32), values([0], "float32"))
    # softmax / logSoftmax.
    for op in ("softmax", "logSoftmax"):
        for x, axes in ((values([2, 5], "float32"), None), (values([2, 5], "float64"), None),
                        (values([3, 4], "float32"), [0]), (values([2, 3], "float64"), [0, 1]),
                        (values([2, 3, 4], "float32"), [-1]), (values([2, 3, 4], "float64"), [0, 2]),
                        (np.array([[1000, 1001, 1002], [-1000, -1000, -999]], np.float32), None),
                        (np.array([[0, -np.inf, 1], [2, 2, -np.inf]], np.float64), None),
                        (values([2, 3], "int32", -3, 3), None),
                        (transposed(values([4, 3], "float32")), None),
                        (values([263], "float32"), None)):
            x = wrap(x)
            array = x.array()
            dtype = floating(array.dtype)
            p = lift(array, dtype)
            reduce_axes = normalized_axes(axes if axes is not None else [-1], array.ndim)
            peak = p.max(axis=reduce_axes, keepdims=True)
            with np.errstate(all="ignore"):
                e = np.exp(p - peak)
                total = e.sum(axis=reduce_axes, keepdims=True)
                count = reduced_count(array.shape, reduce_axes)
                if op == "softmax":
                    reference = e / total
                    tolerance = accumulated(count + 10, 1)
                else:
                    reference = p - peak - np.log(total)
                    finite = np.isfinite(p)
                    tolerance = accumulated(count + 10, 1 + np.abs(np.where(finite, p, 0)).max(initial=0)
                                            + np.abs(np.where(np.isfinite(reference), reference, 0)).max(initial=0))
            add_case("neural", f"{op} {describe(x)} axes {axes}", op, [x], land(reference, dtype),
                     args={} if axes is None else {"axes": axes}, tolerance=tolerance)


# ---------------------------------------------------------------------------------------------
# Creation functions (no inputs).


def creation_cases():
    def add(name, op, args, expected, tolerance=None):
        add_case("creation", name, op, [], expected, args=args, tolerance=tolerance)

    for shape, dtype in (([2, 3], "float32"), ([0], "int64"), ([], "float64"), ([2, 2], "bool"), ([4], "int32")):
        add(f"zeros {shape} {dtype}", "zeros", {"shape": shape, "dtype": dtype}, np.zeros(shape, NP[dtype]))
        add(f"ones {shape} {dtype}", "ones", {"shape": shape, "dtype": dtype}, np.ones(shape, NP[dtype]))
    for shape, value, dtype in (([2, 3], 2.5, "float32"), ([3], -3.7, "int32"), ([2], 3.9, "int64"),
                                ([1, 2], 0.25, "bool"), ([], 1e300, "float64"), ([2], -1e10, "int32")):
        converted = np.asarray(value)
        if dtype in INTS:
            info = np.iinfo(NP[dtype])
            converted = np.asarray(int(np.clip(np.trunc(value), info.min, info.max)))  # saturating truncation
        add(f"full {shape} {value} {dtype}", "full", {"shape": shape, "value": value, "dtype": dtype},
            np.full(shape, converted.astype(NP[dtype])))
    add("full default dtype", "full", {"shape": [2], "value": 1.5}, np.full([2], 1.5, np.float32))
    for end in (5, 0, 1):
        add(f"arange {end}", "arange", {"end": end}, np.arange(end, dtype=np.int64))
    add("arange 4 int32", "arange", {"end": 4, "dtype": "int32"}, np.arange(4, dtype=np.int32))
    for start, end, step, dtype in ((0.5, 3, 0.5, "float32"), (5, 0, -1.5, "float64"), (0, 1, 0.25, None),
                                    (2, 2, 1, "float32"), (3, 1, 1, "float32"), (-2, 7, 3, "int64")):
        count = max(0, math.ceil((end - start) / step))
        reference = start + np.arange(count, dtype=np.float64) * step
        add(f"arange {start} {end} {step} {dtype}", "arangeRange",
            {"start": start, "end": end, "step": step, **({"dtype": dtype} if dtype else {})},
            reference.astype(NP[dtype or "float32"]))
    for start, end, count, dtype in ((0, 1, 5, "float32"), (-1, 1, 4, "float64"), (2, 3, 1, "float32"),
                                     (0, 1, 0, "float32"), (10, -10, 7, "float64"), (0, 10, 6, "int32")):
        reference = np.linspace(start, end, count, dtype=np.float64)
        tolerance = accumulated(2, max(abs(start), abs(end))) if dtype in FLOATS else None
        add(f"linspace {start} {end} {count} {dtype}", "linspace",
            {"start": start, "end": end, "count": count, "dtype": dtype},
            np.trunc(reference).astype(NP[dtype]) if dtype in INTS else reference.astype(NP[dtype]), tolerance)
    for rows, columns, diagonal, dtype in ((3, None, 0, "float32"), (3, 4, 1, "float64"), (4, 3, -1, "int32"),
                                           (2, 2, 5, "float32"), (0, None, 0, "float32"), (2, 3, 0, "bool")):
        add(f"eye {rows} {columns} {diagonal} {dtype}", "eye",
            {"rows": rows, "columns": columns, "diagonal": diagonal, "dtype": dtype},
            np.eye(rows, columns, diagonal, dtype=NP[dtype]))


# ---------------------------------------------------------------------------------------------
# JSON writing: floats as strings in their shortest round-trip spelling (float32 values as float32).


def number(value, dtype):
    """A JSON element. Floats are strings (their shortest round-trip decimal, or nan/inf/-inf):
    swift-corelibs-foundation's JSONSerialization rounds some 17-digit numbers to the wrong double,
    while Swift's Double(String) is correctly rounded."""
    if dtype == "bool":
        return "true" if value else "false"
    if dtype in INTS:
        return str(int(value))
    value = NP[dtype](value)
    if np.isnan(value):
        return '"nan"'
    if np.isinf(value):
        return '"inf"' if value > 0 else '"-inf"'
    if value == 0:
        return '"-0"' if np.signbit(value) else '"0"'
    text = np.format_float_positional(value, unique=True, trim="-") if 1e-4 <= abs(value) < 1e7 \
        else np.format_float_scientific(value, unique=True, trim="-")
    return '"' + text.replace("+", "") + '"'


def tensor_json(array, view=None):
    array = np.asarray(array)
    dtype = name_of(array.dtype)
    data = ",".join(number(v, dtype) for v in array.reshape(-1))
    text = f'{{"dtype":"{dtype}","shape":{json_value(list(array.shape))},"data":[{data}]'
    if view:
        text += f',"view":{json_value(view)}'
    return text + "}"


def json_value(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return number(value, "float64")
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, dict):
        return "{" + ",".join(f"{json_value(k)}:{json_value(v)}" for k, v in value.items()) + "}"
    return "[" + ",".join(json_value(v) for v in value) + "]"


def case_json(case):
    inputs = ",".join(tensor_json(x.base, x.view) for x in case["inputs"])
    expected = ",".join(tensor_json(e) for e in case["expected"])
    return (f'{{"name":{json_value(case["name"])},"op":"{case["op"]}","args":{json_value(case["args"])},'
            f'"tolerance":{json_value(case["tolerance"])},"inputs":[{inputs}],"expected":[{expected}]}}')


def main():
    for build in (arithmetic_cases, unary_cases, comparison_cases, reduction_cases, shape_cases, indexing_cases,
                  linalg_cases, creation_cases):
        build()
    lines = ["{",
             '"_generated": "Generated by Scripts/generate-fixtures.py; do not edit by hand, rerun the script.",',
             f'"numpy": "{np.__version__}",',
             '"groups": {']
    groups = []
    for group, cases in GROUPS.items():
        body = ",\n".join(case_json(case) for case in cases)
        groups.append(f'"{group}": [\n{body}\n]')
    lines.append(",\n".join(groups))
    lines.append("}}")
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text("\n".join(lines) + "\n")
    total = sum(len(cases) for cases in GROUPS.values())
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {total} cases, {OUTPUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
