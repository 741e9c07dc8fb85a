#!/usr/bin/env python3
"""Writes Tests/OlympusNNTests/Fixtures/nn.json: PyTorch reference values for the layers,
activations and losses of OlympusNN.

Usage: ~/peers-torch/bin/python Scripts/generate-nn-fixtures.py   (needs torch; run from anywhere)

Every case holds its inputs and parameters written out in full (the Swift tests never depend on
PyTorch's random streams), its options, the expected outputs, a cotangent for the main output and
the gradients of <output, cotangent> with respect to the inputs listed as differentiable.

Values are written as strings of Python's shortest round-tripping repr (Swift's Double(String)
reads them back exactly). Expected values are computed by PyTorch in float64 — for float32 cases
from the float32 inputs converted exactly to float64 — so a reference carries at most the float64
rounding of PyTorch's own computation; the Swift tolerances (Tests/OlympusNNTests/Support) then
account only for Olympus's rounding in the case's dtype. Two GELU cases take their references from
mpmath instead (field "reference"), to check accuracy in the far tail where PyTorch's own float64
GELU cancels.
"""

import json
import pathlib

import mpmath
import torch
import torch.nn.functional as F

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "Tests" / "OlympusNNTests" / "Fixtures" / "nn.json"
generator = torch.Generator().manual_seed(20250612)


def randn(*shape, dtype=torch.float64, scale=1.0):
    return (torch.randn(*shape, generator=generator, dtype=torch.float64) * scale).to(dtype)


def randint(high, *shape):
    return torch.randint(0, high, shape, generator=generator, dtype=torch.int64)


def array(tensor):
    tensor = tensor.detach()
    if tensor.dtype in (torch.int64, torch.int32):
        return {"dtype": "int64", "shape": list(tensor.shape), "data": [int(v) for v in tensor.flatten().tolist()]}
    dtype = "float32" if tensor.dtype == torch.float32 else "float64"
    return {"dtype": dtype, "shape": list(tensor.shape), "data": [repr(float(v)) for v in tensor.flatten().tolist()]}


cases = []


def case(name, kind, inputs, function, differentiable, options=None):
    """Runs `function(**inputs)` in float64 (returning the main output, or a dict whose "output" is
    the main one) and records outputs, a cotangent and the gradients for `differentiable`."""
    wide = {}
    for key, value in inputs.items():
        value = value.detach()
        if value.is_floating_point():
            value = value.to(torch.float64).requires_grad_(key in differentiable)
        wide[key] = value
    result = function(**wide)
    outputs = result if isinstance(result, dict) else {"output": result}
    main = outputs["output"]
    cotangent = randn(*main.shape) if main.dim() > 0 else torch.tensor(1.0, dtype=torch.float64)
    gradients = torch.autograd.grad((main * cotangent).sum(), [wide[k] for k in differentiable], allow_unused=True)
    floating = [value.dtype for value in inputs.values() if value.is_floating_point()]
    cases.append({
        "name": name,
        "kind": kind,
        "dtype": "float32" if torch.float32 in floating else "float64",
        "reference": "torch",
        "options": options or {},
        "inputs": {key: array(value) for key, value in inputs.items()},
        "differentiable": differentiable,
        "expected": {key: array(value) for key, value in outputs.items()},
        "cotangent": array(cotangent),
        "gradients": {
            key: array(g if g is not None else torch.zeros_like(wide[key])) for key, g in zip(differentiable, gradients)
        },
    })


# Layers -------------------------------------------------------------------------------------------

for dtype, suffix in ((torch.float64, ""), (torch.float32, " float32")):
    case("linear" + suffix, "linear", {"x": randn(4, 3, dtype=dtype), "weight": randn(5, 3, dtype=dtype),
         "bias": randn(5, dtype=dtype)}, lambda x, weight, bias: F.linear(x, weight, bias), ["x", "weight", "bias"])
case("linear 3-d input, no bias", "linear", {"x": randn(2, 3, 4), "weight": randn(2, 4)},
     lambda x, weight: F.linear(x, weight), ["x", "weight"])

CONVOLUTIONS = [
    # name, input shape, weight shape, stride, padding, dilation, bias
    ("conv2d 3x3 same", (2, 3, 7, 6), (4, 3, 3, 3), [1, 1], [1, 1], [1, 1], True),
    ("conv2d stride 2", (2, 2, 7, 8), (3, 2, 3, 3), [2, 2], [0, 0], [1, 1], True),
    ("conv2d asymmetric, dilated", (1, 2, 9, 7), (3, 2, 3, 2), [2, 1], [1, 0], [2, 1], False),
    ("conv2d unbatched", (2, 5, 5), (3, 2, 2, 2), [1, 1], [0, 0], [1, 1], True),
]
for name, x_shape, w_shape, stride, padding, dilation, bias in CONVOLUTIONS:
    inputs = {"x": randn(*x_shape), "weight": randn(*w_shape)}
    if bias:
        inputs["bias"] = randn(w_shape[0])
    case(name, "conv2d", inputs,
         lambda x, weight, bias=None, s=stride, p=padding, d=dilation: F.conv2d(x, weight, bias, s, p, d),
         list(inputs), {"stride": stride, "padding": padding, "dilation": dilation})
case("conv2d float32", "conv2d", {"x": randn(2, 3, 6, 6, dtype=torch.float32),
     "weight": randn(4, 3, 3, 3, dtype=torch.float32), "bias": randn(4, dtype=torch.float32)},
     lambda x, weight, bias: F.conv2d(x, weight, bias, 1, 1), ["x", "weight", "bias"],
     {"stride": [1, 1], "padding": [1, 1], "dilation": [1, 1]})
case("conv1d", "conv1d", {"x": randn(2, 3, 10), "weight": randn(4, 3, 3), "bias": randn(4)},
     lambda x, weight, bias: F.conv1d(x, weight, bias, 2, 1, 2), ["x", "weight", "bias"],
     {"stride": [2], "padding": [1], "dilation": [2]})

for name, shape, kernel, stride, padding in (("maxPool2d 2x2", (2, 3, 6, 6), 2, 2, 0),
                                             ("maxPool2d 3x3 stride 2 pad 1", (2, 2, 7, 5), 3, 2, 1)):
    case(name, "maxPool2d", {"x": randn(*shape)},
         lambda x, k=kernel, s=stride, p=padding: F.max_pool2d(x, k, s, p), ["x"],
         {"kernel": [kernel], "stride": [stride], "padding": [padding]})
for include in (True, False):
    case(f"avgPool2d 3x3 stride 2 pad 1 countIncludePad {include}", "avgPool2d", {"x": randn(2, 2, 7, 5)},
         lambda x, c=include: F.avg_pool2d(x, 3, 2, 1, count_include_pad=c), ["x"],
         {"kernel": [3], "stride": [2], "padding": [1], "countIncludePad": [int(include)]})
case("avgPool2d 2x2", "avgPool2d", {"x": randn(1, 3, 4, 6)}, lambda x: F.avg_pool2d(x, 2), ["x"],
     {"kernel": [2], "stride": [2], "padding": [0], "countIncludePad": [1]})
case("maxPool1d", "maxPool1d", {"x": randn(2, 3, 11)}, lambda x: F.max_pool1d(x, 3, 2, 1), ["x"],
     {"kernel": [3], "stride": [2], "padding": [1]})
case("avgPool1d", "avgPool1d", {"x": randn(2, 3, 11)}, lambda x: F.avg_pool1d(x, 3, 2, 1), ["x"],
     {"kernel": [3], "stride": [2], "padding": [1], "countIncludePad": [1]})

case("embedding", "embedding", {"weight": randn(10, 4), "indices": torch.tensor([[1, 7, 7], [0, 9, 1]])},
     lambda weight, indices: F.embedding(indices, weight), ["weight"])

case("layerNorm last axis", "layerNorm", {"x": randn(3, 5, scale=3), "weight": randn(5), "bias": randn(5)},
     lambda x, weight, bias: F.layer_norm(x, [5], weight, bias, 1e-5), ["x", "weight", "bias"],
     {"normalizedShape": [5], "epsilon": [1e-5]})
case("layerNorm two axes", "layerNorm", {"x": randn(3, 2, 5) + 2, "weight": randn(2, 5), "bias": randn(2, 5)},
     lambda x, weight, bias: F.layer_norm(x, [2, 5], weight, bias, 1e-3), ["x", "weight", "bias"],
     {"normalizedShape": [2, 5], "epsilon": [1e-3]})


def batch_norm(training):
    def run(x, weight, bias, running_mean, running_var):
        mean, var = running_mean.detach().clone(), running_var.detach().clone()
        output = F.batch_norm(x, mean, var, weight, bias, training=training, momentum=0.1, eps=1e-5)
        return {"output": output, "running_mean": mean, "running_var": var}
    return run


for shape in ((6, 3), (4, 3, 5, 5)):
    for training in (True, False):
        inputs = {"x": randn(*shape, scale=2) + 1, "weight": randn(3), "bias": randn(3),
                  "running_mean": randn(3), "running_var": randn(3).abs() + 0.5}
        case(f"batchNorm {list(shape)} {'training' if training else 'evaluation'}", "batchNorm", inputs,
             batch_norm(training), ["x", "weight", "bias"], {"training": [int(training)]})

# Activations --------------------------------------------------------------------------------------

grid = torch.cat([torch.tensor([0.0, -30.0, 30.0, -25.0, 25.0, 19.5, 20.5, -1e-3, 1e-3]), randn(40, scale=3)])
ACTIVATIONS = {
    "relu": F.relu,
    "leakyRelu": lambda x: F.leaky_relu(x, 0.1),
    "elu": lambda x: F.elu(x, 1.5),
    "gelu": F.gelu,
    "geluTanh": lambda x: F.gelu(x, approximate="tanh"),
    "silu": F.silu,
    "softplus": F.softplus,
    "logSigmoid": F.logsigmoid,
}
for name, function in ACTIVATIONS.items():
    case(name, name, {"x": grid.clone()}, lambda x, f=function: f(x), ["x"])
    case(name + " float32", name, {"x": grid.to(torch.float32)}, lambda x, f=function: f(x), ["x"])
wide_grid = torch.linspace(-12, 12, 241, dtype=torch.float64)
case("gelu wide grid", "gelu", {"x": wide_grid}, lambda x: F.gelu(x), ["x"])
case("gelu wide grid float32", "gelu", {"x": wide_grid.to(torch.float32)}, lambda x: F.gelu(x), ["x"])


def gelu_tail_case(name, points, dtype):
    """GELU and its derivative Φ(x) + x·φ(x) far into the negative tail, from mpmath at 40 digits
    rather than PyTorch: PyTorch computes x·½·(1 + erf(x/√2)), which cancels there (its float64
    gelu(−8) is 2 % off and gelu(−12) is −0), while Olympus's erfc form keeps relative accuracy."""
    mpmath.mp.dps = 40
    x = torch.tensor(points, dtype=dtype)
    exact = [mpmath.mpf(float(v)) for v in x.tolist()]
    cdf = [mpmath.erfc(-v / mpmath.sqrt(2)) / 2 for v in exact]
    pdf = [mpmath.exp(-v * v / 2) / mpmath.sqrt(2 * mpmath.pi) for v in exact]
    value = torch.tensor([float(v * c) for v, c in zip(exact, cdf)], dtype=torch.float64)
    slope = torch.tensor([float(c + v * d) for v, c, d in zip(exact, cdf, pdf)], dtype=torch.float64)
    cases.append({
        "name": name, "kind": "gelu", "dtype": "float32" if dtype == torch.float32 else "float64",
        "reference": "mpmath", "options": {}, "inputs": {"x": array(x)}, "differentiable": ["x"],
        "expected": {"output": array(value)}, "cotangent": array(torch.ones(len(points), dtype=torch.float64)),
        "gradients": {"x": array(slope)},
    })


TAIL = [-37.0, -30.0, -20.0, -12.0, -8.0, -5.0, -3.0, -1.0, -1e-3, 0.0, 1e-3, 1.0, 3.0, 5.0, 8.0]
gelu_tail_case("gelu tail, mpmath reference", TAIL, torch.float64)
gelu_tail_case("gelu tail float32, mpmath reference", [v for v in TAIL if v >= -12], torch.float32)

# Losses -------------------------------------------------------------------------------------------

for reduction in ("mean", "sum", "none"):
    case(f"mse {reduction}", "mse", {"predictions": randn(4, 3), "targets": randn(4, 3)},
         lambda predictions, targets, r=reduction: F.mse_loss(predictions, targets, reduction=r),
         ["predictions", "targets"], {"reduction": reduction})
    case(f"crossEntropy labels {reduction}", "crossEntropy", {"logits": randn(5, 4, scale=3), "labels": randint(4, 5)},
         lambda logits, labels, r=reduction: F.cross_entropy(logits, labels, reduction=r), ["logits"],
         {"reduction": reduction})
    case(f"binaryCrossEntropy {reduction}", "binaryCrossEntropy",
         {"logits": torch.cat([randn(6, scale=4), torch.tensor([60.0, -60.0, 0.0])]),
          "targets": torch.rand(9, generator=generator, dtype=torch.float64)},
         lambda logits, targets, r=reduction: F.binary_cross_entropy_with_logits(logits, targets, reduction=r),
         ["logits", "targets"], {"reduction": reduction})
    case(f"huber {reduction}", "huber", {"predictions": randn(10, scale=2), "targets": randn(10)},
         lambda predictions, targets, r=reduction: F.huber_loss(predictions, targets, reduction=r, delta=0.7),
         ["predictions", "targets"], {"reduction": reduction, "delta": [0.7]})
    case(f"nll {reduction}", "nll", {"logProbabilities": F.log_softmax(randn(5, 4), dim=1), "labels": randint(4, 5)},
         lambda logProbabilities, labels, r=reduction: F.nll_loss(logProbabilities, labels, reduction=r),
         ["logProbabilities"], {"reduction": reduction})

case("crossEntropy large logits", "crossEntropy", {"logits": randn(3, 5, scale=300), "labels": randint(5, 3)},
     lambda logits, labels: F.cross_entropy(logits, labels), ["logits"], {"reduction": "mean"})
case("crossEntropy label smoothing", "crossEntropy", {"logits": randn(6, 4, scale=2), "labels": randint(4, 6)},
     lambda logits, labels: F.cross_entropy(logits, labels, label_smoothing=0.2), ["logits"],
     {"reduction": "mean", "labelSmoothing": [0.2]})
ignored_labels = randint(4, 6)
ignored_labels[[1, 4]] = -100
case("crossEntropy ignoreIndex with smoothing", "crossEntropy", {"logits": randn(6, 4), "labels": ignored_labels},
     lambda logits, labels: F.cross_entropy(logits, labels, ignore_index=-100, label_smoothing=0.1), ["logits"],
     {"reduction": "mean", "labelSmoothing": [0.1], "ignoreIndex": [-100]})
case("crossEntropy class axis 1", "crossEntropy", {"logits": randn(2, 4, 3), "labels": randint(4, 2, 3)},
     lambda logits, labels: F.cross_entropy(logits, labels), ["logits"], {"reduction": "mean", "classAxis": [1]})
case("crossEntropy float32", "crossEntropy", {"logits": randn(5, 4, dtype=torch.float32, scale=3),
     "labels": randint(4, 5)}, lambda logits, labels: F.cross_entropy(logits, labels), ["logits"],
     {"reduction": "mean"})
for smoothing in (0.0, 0.3):
    case(f"crossEntropy probabilities smoothing {smoothing}", "crossEntropyProbabilities",
         {"logits": randn(5, 4, scale=2), "probabilities": F.softmax(randn(5, 4), dim=1)},
         lambda logits, probabilities, s=smoothing: F.cross_entropy(logits, probabilities, label_smoothing=s),
         ["logits", "probabilities"], {"reduction": "mean", "labelSmoothing": [smoothing]})

document = {
    "generated": "by Scripts/generate-nn-fixtures.py with torch " + torch.__version__ + "; do not edit",
    "cases": cases,
}
OUTPUT.parent.mkdir(parents=True, exist_ok=True)
# One case per line: readable diffs when a case changes.
lines = [json.dumps(case, separators=(",", ":")) for case in cases]
OUTPUT.write_text(
    "{\n\"generated\": " + json.dumps(document["generated"]) + ",\n\"cases\": [\n" + ",\n".join(lines) + "\n]}\n")
print(f"wrote {len(cases)} cases to {OUTPUT.relative_to(ROOT)}")
