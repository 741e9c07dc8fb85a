#!/usr/bin/env python3
"""Writes Tests/OlympusNNTests/Fixtures/convolution.json: PyTorch reference values for Olympus's
`conv` and `convTranspose` (groups, depthwise, dilation, padding, strides, 1-3 spatial axes,
channels-last layout), mostly in float32.

Usage: /root/.venvs/olympus-io/bin/python Scripts/generate-conv-fixtures.py   (needs torch)

The cases have the format of Scripts/generate-nn-fixtures.py (whose `case` conventions this file
follows): inputs written out in full, expected outputs and the gradients of <output, cotangent>
computed by PyTorch in float64 from the (exactly converted) float32 inputs, so the Swift tolerance
accounts only for Olympus's own float32 rounding.
"""

import json
import pathlib

import torch
import torch.nn.functional as F

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "Tests" / "OlympusNNTests" / "Fixtures" / "convolution.json"
generator = torch.Generator().manual_seed(20261206)
F32 = torch.float32


def randn(*shape, dtype=torch.float64):
    return torch.randn(*shape, generator=generator, dtype=torch.float64).to(dtype)


def array(tensor):
    tensor = tensor.detach()
    dtype = "float32" if tensor.dtype == torch.float32 else "float64"
    return {"dtype": dtype, "shape": list(tensor.shape), "data": [repr(float(v)) for v in tensor.flatten().tolist()]}


cases = []


def case(name, kind, inputs, function, options):
    wide = {key: value.detach().to(torch.float64).requires_grad_(True) for key, value in inputs.items()}
    output = function(**wide)
    cotangent = randn(*output.shape)
    gradients = torch.autograd.grad((output * cotangent).sum(), list(wide.values()))
    dtype = "float32" if any(value.dtype == F32 for value in inputs.values()) else "float64"
    cases.append({
        "name": name, "kind": kind, "dtype": dtype, "reference": "torch", "options": options,
        "inputs": {key: array(value) for key, value in inputs.items()},
        "differentiable": list(inputs),
        "expected": {"output": array(output)},
        "cotangent": array(cotangent),
        "gradients": {key: array(g) for key, g in zip(inputs, gradients)},
    })


FUNCTIONS = {1: (F.conv1d, F.conv_transpose1d), 2: (F.conv2d, F.conv_transpose2d), 3: (F.conv3d, F.conv_transpose3d)}


def channels_last(x):
    return x.permute(0, *range(2, x.dim()), 1)


def channels_first(x):
    return x.permute(0, x.dim() - 1, *range(1, x.dim() - 1))


CONVOLUTIONS = [
    # name, input [N, C, spatial...], weight, stride, padding, dilation, groups, channels last, dtype
    ("conv2d groups 2, stride 2, padding 1", (2, 4, 7, 6), (6, 2, 3, 3), [2, 2], [1, 1], [1, 1], 2, False, F32),
    ("conv2d depthwise, dilation 2, padding 2", (2, 3, 8, 7), (3, 1, 3, 3), [1, 1], [2, 2], [2, 2], 3, False, F32),
    ("conv2d depthwise multiplier 2, stride (2, 1)", (1, 2, 6, 7), (4, 1, 3, 2), [2, 1], [1, 0], [1, 1], 2, False, F32),
    ("conv2d NHWC, stride 2, dilation (1, 2)", (2, 3, 9, 8), (4, 3, 3, 3), [2, 2], [1, 2], [1, 2], 1, True, F32),
    ("conv2d NHWC groups 3, 1x1", (2, 6, 5, 4), (3, 2, 1, 1), [1, 1], [0, 0], [1, 1], 3, True, F32),
    ("conv2d 16 to 8 channels, 3x3", (1, 16, 6, 5), (8, 16, 3, 3), [1, 1], [1, 1], [1, 1], 1, False, F32),
    ("conv1d groups 3, stride 3, padding 2", (2, 6, 17), (6, 2, 4), [3], [2], [1], 3, False, F32),
    ("conv1d NHWC dilation 3", (3, 2, 12), (4, 2, 3), [1], [1], [3], 1, True, F32),
    ("conv3d stride (1, 2, 1), dilation (1, 1, 2)", (2, 2, 5, 6, 7), (3, 2, 2, 3, 2), [1, 2, 1], [1, 0, 1], [1, 1, 2], 1, False, F32),
    ("conv3d NHWC groups 2", (1, 4, 4, 5, 3), (2, 2, 3, 2, 2), [2, 1, 1], [1, 1, 0], [1, 1, 1], 2, True, F32),
    ("conv2d float64 groups 2, dilation 2", (2, 4, 7, 7), (4, 2, 2, 3), [1, 2], [0, 1], [2, 2], 2, False, torch.float64),
]
for name, x_shape, w_shape, stride, padding, dilation, groups, last, dtype in CONVOLUTIONS:
    spatial = len(x_shape) - 2
    x = randn(*x_shape, dtype=dtype)
    inputs = {"x": channels_last(x).contiguous() if last else x, "weight": randn(*w_shape, dtype=dtype)}

    def run(x, weight, s=stride, p=padding, d=dilation, g=groups, last=last, spatial=spatial):
        function = FUNCTIONS[spatial][0]
        if last:
            return channels_last(function(channels_first(x), weight, None, s, p, d, g))
        return function(x, weight, None, s, p, d, g)

    case(name, "conv", inputs, run, {"stride": stride, "padding": padding, "dilation": dilation, "groups": [groups],
                                      "layout": "channelsLast" if last else "channelsFirst"})

TRANSPOSED = [
    # name, input, weight [C, O/groups, k...], stride, padding, output padding, dilation, groups, channels last, dtype
    ("convTranspose2d stride 2, padding 1, output padding 1, groups 2", (2, 4, 4, 5), (4, 3, 3, 3), [2, 2], [1, 1], [1, 1], [1, 1], 2, False, F32),
    ("convTranspose2d NHWC dilation 2, stride (1, 3)", (1, 3, 5, 4), (3, 2, 2, 3), [1, 3], [0, 2], [0, 2], [2, 1], 1, True, F32),
    ("convTranspose1d stride 3, dilation 2", (2, 2, 6), (2, 3, 3), [3], [1], [2], [2], 1, False, torch.float64),
    ("convTranspose3d stride 2, groups 2", (1, 4, 3, 2, 3), (4, 1, 2, 2, 3), [2, 2, 1], [0, 1, 1], [1, 0, 0], [1, 1, 1], 2, False, F32),
]
for name, x_shape, w_shape, stride, padding, output_padding, dilation, groups, last, dtype in TRANSPOSED:
    spatial = len(x_shape) - 2
    x = randn(*x_shape, dtype=dtype)
    inputs = {"x": channels_last(x).contiguous() if last else x, "weight": randn(*w_shape, dtype=dtype)}

    def run(x, weight, s=stride, p=padding, o=output_padding, d=dilation, g=groups, last=last, spatial=spatial):
        function = FUNCTIONS[spatial][1]
        if last:
            return channels_last(function(channels_first(x), weight, None, s, p, o, g, d))
        return function(x, weight, None, s, p, o, g, d)

    case(name, "convTranspose", inputs, run,
         {"stride": stride, "padding": padding, "outputPadding": output_padding, "dilation": dilation,
          "groups": [groups], "layout": "channelsLast" if last else "channelsFirst"})

OUTPUT.parent.mkdir(parents=True, exist_ok=True)
lines = [json.dumps(c, separators=(",", ":")) for c in cases]
OUTPUT.write_text(
    "{\n\"generated\": " + json.dumps("by Scripts/generate-conv-fixtures.py with torch " + torch.__version__ + "; do not edit")
    + ",\n\"cases\": [\n" + ",\n".join(lines) + "\n]}\n")
print(f"wrote {len(cases)} cases to {OUTPUT.relative_to(ROOT)}")
