"""SciPy least_squares (trf and lm, exact Jacobians by JAX in float64) on NIST StRD's 27 nonlinear
regression problems from both certified starts, as Olympus's `olympus-demo fit` runs them.

Prints one JSON line per fit and method (problem, start, LRE of every parameter and of the residual
sum of squares, residual and Jacobian evaluations, seconds) and a summary line per method. LRE as in
Olympus: -log10(|value - certified| / |certified|), clipped to [0, 11].

    /root/.venvs/jax/bin/python Benchmarks/peers/nist_scipy.py [--files DIR] [--tight | --defaults]

`--tight` (the default) uses ftol = xtol = gtol = 1e-15 (the issue's "tight tolerances");
`--defaults` SciPy's own defaults. Needs jax, scipy, numpy.
"""
import argparse
import json
import math
import os
import sys
import time

import jax
import jax.numpy as jnp
import numpy as np
from scipy.optimize import least_squares

jax.config.update("jax_enable_x64", True)

NAMES = ["Misra1a", "Chwirut2", "Chwirut1", "Lanczos3", "Gauss1", "Gauss2", "DanWood", "Misra1b",
         "Kirby2", "Hahn1", "Nelson", "MGH17", "Lanczos1", "Lanczos2", "Gauss3", "Misra1c", "Misra1d", "Roszman1", "ENSO",
         "MGH09", "Thurber", "BoxBOD", "Rat42", "MGH10", "Eckerle4", "Rat43", "Bennett5"]


def decays(b, x):
    return b[0] * jnp.exp(-b[1] * x) + b[2] * jnp.exp(-b[3] * x) + b[4] * jnp.exp(-b[5] * x)


def gaussians(b, x):
    return (b[0] * jnp.exp(-b[1] * x) + b[2] * jnp.exp(-(x - b[3]) ** 2 / b[4] ** 2)
            + b[5] * jnp.exp(-(x - b[6]) ** 2 / b[7] ** 2))


def cubic_ratio(b, x):
    return (b[0] + b[1] * x + b[2] * x ** 2 + b[3] * x ** 3) / (1 + b[4] * x + b[5] * x ** 2 + b[6] * x ** 3)


def saturation(b, x):
    return b[0] * (1 - jnp.exp(-b[1] * x))


def chwirut(b, x):
    return jnp.exp(-b[0] * x) / (b[1] + b[2] * x)


def enso(b, x):
    a = 2 * jnp.pi * x
    return (b[0] + b[1] * jnp.cos(a / 12) + b[2] * jnp.sin(a / 12) + b[4] * jnp.cos(a / b[3]) + b[5] * jnp.sin(a / b[3])
            + b[7] * jnp.cos(a / b[6]) + b[8] * jnp.sin(a / b[6]))


# NIST's model formulas; x is [n, k] (Nelson: x1, x2 and log(y) as the response).
MODELS = {
    "Misra1a": saturation, "Chwirut2": chwirut, "Chwirut1": chwirut, "Lanczos3": decays,
    "Gauss1": gaussians, "Gauss2": gaussians, "DanWood": lambda b, x: b[0] * x ** b[1],
    "Misra1b": lambda b, x: b[0] * (1 - (1 + b[1] * x / 2) ** (-2)),
    "Kirby2": lambda b, x: (b[0] + b[1] * x + b[2] * x ** 2) / (1 + b[3] * x + b[4] * x ** 2),
    "Hahn1": cubic_ratio, "MGH17": lambda b, x: b[0] + b[1] * jnp.exp(-x * b[3]) + b[2] * jnp.exp(-x * b[4]),
    "Lanczos1": decays, "Lanczos2": decays, "Gauss3": gaussians,
    "Misra1c": lambda b, x: b[0] * (1 - (1 + 2 * b[1] * x) ** (-0.5)),
    "Misra1d": lambda b, x: b[0] * b[1] * x * ((1 + b[1] * x) ** (-1)),
    "Roszman1": lambda b, x: b[0] - b[1] * x - jnp.arctan(b[2] / (x - b[3])) / jnp.pi,
    "ENSO": enso, "MGH09": lambda b, x: b[0] * (x ** 2 + x * b[1]) / (x ** 2 + x * b[2] + b[3]),
    "Thurber": cubic_ratio, "BoxBOD": saturation, "Rat42": lambda b, x: b[0] / (1 + jnp.exp(b[1] - b[2] * x)),
    "MGH10": lambda b, x: b[0] * jnp.exp(b[1] / (x + b[2])),
    "Eckerle4": lambda b, x: (b[0] / b[1]) * jnp.exp(-0.5 * ((x - b[2]) / b[1]) ** 2),
    "Rat43": lambda b, x: b[0] / ((1 + jnp.exp(b[1] - b[2] * x)) ** (1 / b[3])),
    "Bennett5": lambda b, x: b[0] * (b[1] + x) ** (-1 / b[2]),
}


def parse(path):
    """NIST's format, read without trusting the header's line numbers."""
    text = open(path).read().replace("\r", "").split("\n")
    starts, certified, rss, data, in_data = [[], []], [], None, [], False
    for line in text:
        words = line.split()
        if len(words) == 6 and words[0].startswith("b") and words[0][1:].isdigit() and words[1] == "=":
            values = [float(w) for w in words[2:]]
            starts[0].append(values[0]); starts[1].append(values[1]); certified.append(values[2])
        if "Residual Sum of Squares:" in line:
            rss = float(words[-1])
        if words[:2] == ["Data:", "y"]:
            in_data = True
            continue
        if in_data and words:
            data.append([float(w) for w in words])
    data = np.array(data)
    return starts, np.array(certified), rss, data[:, 0], data[:, 1:]


def lre(value, certified):
    if not math.isfinite(value):
        return 0.0
    error = abs(value) if certified == 0 else abs(value - certified) / abs(certified)
    return 11.0 if error == 0 else min(11.0, max(0.0, -math.log10(error)))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", default=os.path.join(here, "..", "..", "Sources", "OlympusData", "Resources", "nist"))
    parser.add_argument("--defaults", action="store_true", help="SciPy's default tolerances instead of 1e-15")
    args = parser.parse_args()
    tolerances = {} if args.defaults else {"ftol": 1e-15, "xtol": 1e-15, "gtol": 1e-15}
    print("ENV " + json.dumps({"scipy": __import__("scipy").__version__, "jax": jax.__version__, "numpy": np.__version__}),
          file=sys.stderr)
    for method in ["trf", "lm"]:
        minima, everything, evaluations, seconds = [], [], 0, 0.0
        for name in NAMES:
            starts, certified, certified_rss, y, x = parse(os.path.join(args.files, name + ".dat"))
            if name == "Nelson":
                y = np.log(y)
                model = lambda b, x=x: MODELS["Nelson"](b, x)
                f = lambda b, y=y, x=x: b[0] - b[1] * x[:, 0] * jnp.exp(-b[2] * x[:, 1]) - y
            else:
                f = lambda b, y=y, x=x[:, 0], m=MODELS[name]: m(b, x) - y
            fun = jax.jit(f)
            jac = jax.jit(jax.jacfwd(f))
            fun(jnp.array(starts[0])).block_until_ready(); jac(jnp.array(starts[0])).block_until_ready()
            for index, start in enumerate(starts):
                begin = time.perf_counter()
                result = least_squares(lambda b: np.asarray(fun(b)), np.array(start), jac=lambda b: np.asarray(jac(b)),
                                       method=method, **tolerances)
                elapsed = time.perf_counter() - begin
                rss = float(np.sum(np.asarray(fun(result.x)) ** 2))
                parameters = [lre(v, c) for v, c in zip(result.x, certified)]
                rss_lre = lre(rss, certified_rss)
                minima.append(min(parameters + [rss_lre]))
                everything += parameters + [rss_lre]
                evaluations += result.nfev
                seconds += elapsed
                print(json.dumps({"problem": name, "start": index + 1, "system": "scipy-" + method,
                                  "lre": [round(v, 2) for v in parameters], "rss_lre": round(rss_lre, 2),
                                  "nfev": int(result.nfev), "njev": int(result.njev or 0), "seconds": elapsed,
                                  "status": int(result.status)}))
        print(json.dumps({"summary": "scipy-" + method, "fits": len(minima), "passed": sum(m >= 6 for m in minima),
                          "mean_lre": sum(everything) / len(everything),
                          "mean_min_lre": sum(minima) / len(minima), "nfev": evaluations, "seconds": seconds}))


if __name__ == "__main__":
    main()
