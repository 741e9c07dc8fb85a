#!/usr/bin/env python3
"""Prints the polynomial coefficients of Sources/OlympusNN/Activations/NormalTail.swift.

Usage: ~/peers-torch/bin/python Scripts/fit-erfc.py   (needs numpy and mpmath)

For a >= 0, with t = 2 / (2 + a) in (0, 1] and s = 2t - 1 in (-1, 1]:

    erfc(a) = t * exp(-a^2 + P(s))

where P approximates g(s) = log(erfc(a) / t) + a^2, a smooth function on [-1, 1] (its limit at
a -> infinity, s = -1, is -log(2 sqrt(pi))). P is a least-squares Chebyshev fit at 400 Chebyshev
nodes (close to the minimax polynomial), converted to the power basis in s, which is well
conditioned here (every coefficient is below 1 in magnitude). erfc is evaluated with mpmath at 40
digits. The script reports the largest error of P over 4001 points, evaluated in the target type.
"""

import mpmath
import numpy as np

mpmath.mp.dps = 40


def g(s):
    t = (mpmath.mpf(s) + 1) / 2
    if t == 0:
        return -mpmath.log(2 * mpmath.sqrt(mpmath.pi))
    a = 2 / t - 2
    return mpmath.log(mpmath.erfc(a) / t) + a * a


def fit(degree, dtype):
    nodes = np.cos(np.pi * (np.arange(400) + 0.5) / 400)
    values = np.array([float(g(node)) for node in nodes])
    chebyshev = np.polynomial.chebyshev.Chebyshev.fit(nodes, values, degree, domain=[-1, 1])
    power = np.polynomial.chebyshev.cheb2poly(chebyshev.coef)
    test = np.linspace(-1, 1, 4001)
    exact = np.array([float(g(point)) for point in test])
    s = test.astype(dtype)
    result = np.zeros_like(s)
    for coefficient in power[::-1]:
        result = result * s + dtype(coefficient)
    error = np.max(np.abs(result.astype(np.float64) - exact))
    return power, error


for name, degree, dtype in (("float32", 12, np.float32), ("float64", 24, np.float64)):
    power, error = fit(degree, dtype)
    print(f"// {name}: degree {degree}, largest error of P {error:.2e}")
    print("[" + ", ".join(repr(float(c)) for c in power) + "]")
