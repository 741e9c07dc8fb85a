#!/usr/bin/env python3
"""Writes the interop fixtures of OlympusIOTests with NumPy, PyTorch and the safetensors package.

The packages live in a virtual environment outside the repository (default ~/.venvs/olympus-io,
or $OLYMPUS_IO_VENV), created on first use: numpy and safetensors from PyPI, torch from the CPU
wheel in $OLYMPUS_TORCH_WHEEL when that file exists (PyPI's CPU index otherwise).

    python3 Scripts/generate-io-fixtures.py            # rewrites Tests/OlympusIOTests/Fixtures

Every array's values come from a formula that the Swift tests compute again (see values() below and
Tests/OlympusIOTests/Support/FixtureValues.swift), so nothing but the files is committed.
"""
import os
import subprocess
import sys
import venv

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "OlympusIOTests", "Fixtures")
VENV = os.environ.get("OLYMPUS_IO_VENV", os.path.expanduser("~/.venvs/olympus-io"))
WHEEL = os.environ.get(
    "OLYMPUS_TORCH_WHEEL", "/opt/wheels/torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl")


def ensure_venv():
    """Re-runs this script inside the virtual environment, creating it if needed."""
    python = os.path.join(VENV, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    if not os.path.exists(python):
        venv.create(VENV, with_pip=True)
        pip = [python, "-m", "pip", "install", "-q"]
        torch = [WHEEL] if os.path.exists(WHEEL) else ["torch", "--index-url", "https://download.pytorch.org/whl/cpu"]
        subprocess.check_call(pip + torch)
        subprocess.check_call(pip + ["numpy", "safetensors"])
    os.execv(python, [python] + sys.argv)


def values(kind, shape):
    """The fixture formula: element i (row-major) of a float is i/2 - 3, of an integer 7i - 50
    (i for unsigned), of a bool i % 3 == 0."""
    import numpy as np
    i = np.arange(int(np.prod(shape)), dtype=np.int64).reshape(shape)
    if kind == "float":
        return i / 2 - 3
    if kind == "signed":
        return 7 * i - 50
    if kind == "unsigned":
        return i
    return i % 3 == 0


def main():
    ensure_venv()
    import numpy as np
    import torch
    from safetensors.numpy import save_file as save_numpy
    from safetensors.torch import save_file as save_torch

    os.makedirs(OUT, exist_ok=True)
    shape = (2, 3, 4)
    kinds = {"f2": "float", "f4": "float", "f8": "float", "i1": "signed", "i2": "signed", "i4": "signed",
             "i8": "signed", "u1": "unsigned", "u2": "unsigned", "u4": "unsigned", "b1": "bool"}
    for code, kind in kinds.items():
        for order in ("<", ">") if code[1] != "1" else ("|",):
            name = {"<": "le", ">": "be", "|": "le"}[order]
            array = values(kind, shape).astype(order + code)
            np.save(os.path.join(OUT, f"{code}_{name}.npy"), array)
    np.save(os.path.join(OUT, "f8_fortran.npy"), np.asfortranarray(values("float", shape)))
    np.save(os.path.join(OUT, "i4_fortran_be.npy"), np.asfortranarray(values("signed", shape).astype(">i4")))
    np.save(os.path.join(OUT, "scalar.npy"), np.float64(2.5))
    np.save(os.path.join(OUT, "empty.npy"), np.zeros((0, 3), dtype=np.float32))
    for version in ((2, 0), (3, 0)):
        with open(os.path.join(OUT, f"f4_v{version[0]}.npy"), "wb") as f:
            np.lib.format.write_array(f, values("float", shape).astype("<f4"), version=version)

    arrays = {"weights": values("float", (3, 4)).astype(np.float32), "counts": values("signed", (5,)),
              "mask": values("bool", (2, 2)), "nested/name": np.float64(1.5)}
    np.savez(os.path.join(OUT, "arrays.npz"), **arrays)
    np.savez_compressed(os.path.join(OUT, "arrays_compressed.npz"), **arrays)

    tensors = {"f32": values("float", shape).astype(np.float32), "f64": values("float", shape),
               "i32": values("signed", shape).astype(np.int32), "i64": values("signed", shape),
               "bool": values("bool", shape), "f16": values("float", shape).astype(np.float16),
               "u8": values("unsigned", shape).astype(np.uint8), "scalar": np.array(2.5, dtype=np.float32),
               "empty": np.zeros((0, 3), dtype=np.float32)}
    save_numpy(tensors, os.path.join(OUT, "numpy.safetensors"), metadata={"source": "numpy", "note": "ünïcode ✓"})
    bf16 = torch.tensor(values("float", shape), dtype=torch.bfloat16)
    save_torch({"bf16": bf16}, os.path.join(OUT, "bf16.safetensors"))

    # A torch.nn MLP: as nn.Sequential (keys 0.*, 2.*) and as a module with a ModuleList named
    # `layers` (keys layers.0.*, layers.1.*, as Olympus's MLP names them), with its outputs.
    torch.manual_seed(0)
    sequential = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3))

    class MLP(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.layers = torch.nn.ModuleList([sequential[0], sequential[2]])

        def forward(self, x):
            return self.layers[1](torch.relu(self.layers[0](x)))

    x = torch.linspace(-2, 2, 20, dtype=torch.float32).reshape(5, 4)
    with torch.no_grad():
        y = sequential(x)
        assert torch.equal(y, MLP()(x))
    save_torch(sequential.state_dict(), os.path.join(OUT, "torch_sequential.safetensors"),
               metadata={"framework": "pytorch"})
    save_torch(MLP().state_dict(), os.path.join(OUT, "torch_mlp.safetensors"))
    save_torch({"input": x, "output": y}, os.path.join(OUT, "torch_mlp_io.safetensors"))
    print("wrote", len(os.listdir(OUT)), "fixtures to", OUT)


if __name__ == "__main__":
    main()
