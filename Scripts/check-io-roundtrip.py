#!/usr/bin/env python3
"""Checks, with NumPy (and the safetensors package when installed), the files that
OlympusIOTests' PythonRoundTripTests writes into DIRECTORY.

    python3 Scripts/check-io-roundtrip.py DIRECTORY

The expected values follow the fixture formulas of Scripts/generate-io-fixtures.py: element i
(row-major) of a float is i/2 - 3, of an integer 7i - 50, of a bool i % 3 == 0. Exits 1 and
prints every mismatch when a file differs.
"""
import json
import os
import struct
import sys

import numpy as np

SHAPE = (2, 3, 4)
failures = []


def values(kind, shape):
    i = np.arange(int(np.prod(shape)), dtype=np.int64).reshape(shape)
    return {"float": i / 2 - 3, "signed": 7 * i - 50, "bool": i % 3 == 0}[kind]


def expect(name, actual, expected, dtype):
    if actual.dtype != np.dtype(dtype):
        failures.append(f"{name}: dtype {actual.dtype}, expected {np.dtype(dtype)}")
    elif actual.shape != expected.shape or not np.array_equal(actual, expected.astype(dtype)):
        failures.append(f"{name}: values or shape {actual.shape} differ from the expected {expected.shape}")


def read_safetensors(path):
    """The tensors and metadata of a safetensors file, parsed by hand (numpy only)."""
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    metadata = header.pop("__metadata__", {})
    base = 8 + length
    dtypes = {"F32": "<f4", "F64": "<f8", "I32": "<i4", "I64": "<i8", "BOOL": "|b1", "F16": "<f2", "BF16": "<u2"}
    tensors = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        array = np.frombuffer(data[base + begin:base + end], dtype=dtypes[entry["dtype"]]).reshape(entry["shape"])
        if entry["dtype"] == "BF16":
            array = (array.astype(np.uint32) << 16).view(np.float32)
        tensors[name] = array
    return tensors, metadata


def main(directory):
    def path(name):
        return os.path.join(directory, name)

    for name, kind, dtype in [("float32", "float", "f4"), ("float64", "float", "f8"), ("int32", "signed", "i4"),
                              ("int64", "signed", "i8"), ("bool", "bool", "?")]:
        expect(f"{name}.npy", np.load(path(f"{name}.npy")), values(kind, SHAPE), dtype)
    expect("scalar.npy", np.load(path("scalar.npy")), np.float64(2.5), "f8")
    expect("empty.npy", np.load(path("empty.npy")), np.zeros((0, 3)), "f4")
    expect("strided.npy", np.load(path("strided.npy")), values("float", SHAPE).transpose(2, 0, 1), "f8")
    expect("float16.npy", np.load(path("float16.npy")), values("float", SHAPE), "f2")

    for archive in ("arrays.npz", "arrays_compressed.npz"):
        with np.load(path(archive)) as arrays:
            if sorted(arrays.files) != ["counts", "mask", "weights"]:
                failures.append(f"{archive}: members {sorted(arrays.files)}")
                continue
            expect(f"{archive}:weights", arrays["weights"], values("float", (3, 4)), "f4")
            expect(f"{archive}:counts", arrays["counts"], values("signed", (5,)), "i8")
            expect(f"{archive}:mask", arrays["mask"], values("bool", (2, 2)), "?")

    tensors, metadata = read_safetensors(path("tensors.safetensors"))
    if metadata != {"source": "olympus", "note": "ünïcode ✓"}:
        failures.append(f"tensors.safetensors: metadata {metadata}")
    for name, kind, dtype in [("f32", "float", "f4"), ("f64", "float", "f8"), ("i32", "signed", "i4"),
                              ("i64", "signed", "i8"), ("bool", "bool", "?")]:
        expect(f"tensors.safetensors:{name}", tensors[name], values(kind, SHAPE), dtype)
    half, _ = read_safetensors(path("half.safetensors"))
    expect("half.safetensors:f16", half["f16"], values("float", SHAPE), "f2")
    bf16, _ = read_safetensors(path("bf16.safetensors"))
    expect("bf16.safetensors:bf16", bf16["bf16"], values("float", SHAPE), "f4")
    try:
        from safetensors.numpy import load_file
    except ImportError:
        print("note: the safetensors package is not installed; checked the files with numpy alone")
    else:
        for name, array in load_file(path("tensors.safetensors")).items():
            expect(f"safetensors.numpy:{name}", array, tensors[name], tensors[name].dtype)

    if failures:
        print("\n".join(failures))
        sys.exit(1)
    print("all Olympus files read back correctly in Python")


if __name__ == "__main__":
    main(sys.argv[1])
