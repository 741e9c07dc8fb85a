#!/usr/bin/env python3
"""Writes Tests/OlympusCoreTests/Fixtures/tree-jacobians.json: JAX's Jacobians, Hessians,
Hessian-vector products and ravel_pytree of functions between trees (pytrees), for the Swift tests
of OlympusCore's tree Jacobians (Tests/OlympusCoreTests/Transforms/TreeJacobianTests.swift).

Usage (JAX lives in a virtual environment outside the repository):
  python3 -m venv ~/.venvs/jax && ~/.venvs/jax/bin/pip install jax numpy
  ~/.venvs/jax/bin/python Scripts/generate-tree-jacobian-fixtures.py

Every function here is written once more in the Swift test; a function's inputs are dicts whose keys
are the Swift structs' field names (the dotted leaf paths of `TreeStructure.leafPaths`), its
outputs dicts or tuples, whose keys or positions ("0", "1", ...) are the output paths. Blocks are
written as {output path: {input path: tensor}}, whatever order either side flattens in. Inputs are
drawn from NumPy with a fixed seed and written out in full; floating-point values are written as
their shortest round-trip decimal strings (read with Swift's correctly rounded Double(String)).
Computation is in float64 (jax_enable_x64) except where a case asks for float32 leaves.
"""

import json
import pathlib

import jax
import numpy as np

jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp  # noqa: E402  (after enabling x64)
from jax.flatten_util import ravel_pytree  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "Tests" / "OlympusCoreTests" / "Fixtures" / "tree-jacobians.json"
rng = np.random.default_rng(20261206)


def tensor_json(array):
    array = np.asarray(array)
    dtype = str(array.dtype)
    if dtype in ("float32", "float64"):
        data = [repr(float(v)) for v in array.reshape(-1)]
    else:
        data = [int(v) for v in array.reshape(-1)]
    return {"dtype": dtype, "shape": list(array.shape), "data": data}


def tree_json(tree):
    """A dict or tuple of arrays as {path: tensor}; tuples are keyed by position."""
    if isinstance(tree, dict):
        return {key: tensor_json(value) for key, value in tree.items()}
    if isinstance(tree, (tuple, list)):
        return {str(index): tensor_json(value) for index, value in enumerate(tree)}
    return {"": tensor_json(tree)}


def blocks_json(jacobian, output_like):
    """JAX's nested Jacobian (output structure outside, input structure inside) as
    {output path: {input path: tensor}}; a lone output tensor has the path ""."""
    if isinstance(output_like, dict):
        return {key: tree_json(jacobian[key]) for key in output_like}
    if isinstance(output_like, (tuple, list)):
        return {str(index): tree_json(jacobian[index]) for index in range(len(output_like))}
    return {"": tree_json(jacobian)}


def normal(*shape, dtype=np.float64):
    return rng.standard_normal(shape).astype(dtype)


cases = {}

# A two-layer network's outputs with respect to its parameters (tree -> tuple of tensors).
x_mlp = normal(2)


def mlp(p):
    hidden = jnp.tanh(p["w1"] @ x_mlp + p["b1"])
    return (p["w2"] @ hidden, jnp.sum(p["w1"] ** 2) * jnp.sum(jnp.sin(p["b1"])))


mlp_params = {"w1": normal(3, 2), "b1": normal(3), "w2": normal(2, 3)}
mlp_out = mlp(mlp_params)
cases["mlp"] = {
    "constants": {"x": tensor_json(x_mlp)},
    "inputs": tree_json(mlp_params),
    "values": tree_json(mlp_out),
    "jacrev": blocks_json(jax.jacrev(mlp)(mlp_params), mlp_out),
    "jacfwd": blocks_json(jax.jacfwd(mlp)(mlp_params), mlp_out),
}

# A scalar function of a tree: its Hessian (tree x tree) and a Hessian-vector product.


def energy(p):
    return jnp.sum(jnp.sin(p["a"]) * p["a"]) * jnp.sum(p["b"] ** 3) + jnp.sum(jnp.exp(0.5 * p["b"])) * jnp.sum(p["a"])


energy_params = {"a": normal(2, 2), "b": normal(3)}
energy_direction = {"a": normal(2, 2), "b": normal(3)}
_, energy_hvp = jax.jvp(jax.grad(energy), (energy_params,), (energy_direction,))
cases["energy"] = {
    "inputs": tree_json(energy_params),
    "direction": tree_json(energy_direction),
    "hessian": blocks_json(jax.hessian(energy)(energy_params), energy_params),
    "hvp": tree_json(energy_hvp),
    "jacrev": blocks_json(jax.jacrev(energy)(energy_params), 0.0),
}

# A tensor to a tuple of tensors.


def spread(x):
    return (x * x, jnp.outer(x, jnp.cos(x)), jnp.sum(jnp.exp(x)))


spread_x = normal(3)
spread_out = spread(spread_x)
cases["spread"] = {
    "inputs": tree_json(spread_x),
    "jacrev": blocks_json(jax.jacrev(spread)(spread_x), spread_out),
    "jacfwd": blocks_json(jax.jacfwd(spread)(spread_x), spread_out),
}

# Leaves of two float types: float32 weights, float64 scale.


def mixed(p):
    return (jnp.tanh(p["weight"]) * p["scale"][0], jnp.sum(p["weight"] ** 2))


mixed_params = {"weight": normal(2, 2, dtype=np.float32), "scale": normal(1)}
mixed_out = mixed(mixed_params)
cases["mixed"] = {
    "inputs": tree_json(mixed_params),
    "jacrev": blocks_json(jax.jacrev(mixed)(mixed_params), mixed_out),
    "jacfwd": blocks_json(jax.jacfwd(mixed)(mixed_params), mixed_out),
}

# ravel_pytree of a tree of float32, float64 and int32 leaves, and of an all-float32 tree.
ravel_tree = {"a": normal(2, 2, dtype=np.float32), "b": normal(3), "c": np.array([3, -1], dtype=np.int32)}
ravel_vector, _ = ravel_pytree(ravel_tree)
float_tree = {"a": normal(2, 3, dtype=np.float32), "b": normal(1, dtype=np.float32)}
float_vector, _ = ravel_pytree(float_tree)
cases["ravel"] = {
    "inputs": tree_json(ravel_tree),
    "vector": tensor_json(ravel_vector),
    "float32Inputs": tree_json(float_tree),
    "float32Vector": tensor_json(float_vector),
}

document = {
    "generator": "Scripts/generate-tree-jacobian-fixtures.py",
    "jax": jax.__version__,
    "cases": cases,
}
OUTPUT.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")
print(f"wrote {OUTPUT.relative_to(ROOT)} with JAX {jax.__version__}")
