#!/usr/bin/env python3
"""Writes Tests/OlympusCoreTests/Fixtures/attention.json: PyTorch float32 golden values of
`scaledDotProductAttention` and its gradients.

Usage (torch and numpy in a virtual environment outside the repository):
    python3 -m venv ~/.venvs/torch && ~/.venvs/torch/bin/pip install torch numpy
    ~/.venvs/torch/bin/python Scripts/generate-attention-fixtures.py

The file has the format of ops.json (see Scripts/generate-fixtures.py and
Tests/OlympusCoreTests/Support). Each case runs torch.nn.functional.scaled_dot_product_attention
in float32 on the CPU (boolean attn_mask: True = attend; is_causal top-left aligned) and, for
`attentionGradients`, the gradients of sum(output * w) with respect to q, k and v.

Tolerances (`accumulated` class: |got - want| <= 2 eps |want| + terms * eps * magnitude) bound the
float32 error of two implementations (PyTorch's and Olympus's, each summing in its own order): an
output is a sum over n keys of p_ij v_j whose scores are sums over d features, so an error of the
scores, at most d eps scale max_j sum_f |q_if k_jf| (= sigma), moves the output by at most
2 sigma max |v| (p changes by at most 2 sigma relative and o is a convex combination of values).
Output: terms = 2 (n + d), magnitude = max|v| (1 + 2 scale max sum|q||k|). Gradients: the same
bound written with absolute values of every factor (|dS| <= P (|w| |v|^T + sum |w||o|)), computed
in float64, with terms = 2 (n + d + e). The script checks PyTorch's own float32 results against a
float64 reference under half of each bound before writing them.
"""

import pathlib

import numpy as np
import torch
import torch.nn.functional as F

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "Tests" / "OlympusCoreTests" / "Fixtures" / "attention.json"
rng = np.random.default_rng(20261206)
CASES = []
EPS32 = float(np.finfo(np.float32).eps)


def number(value):
    return '"' + repr(float(value)) + '"'


def tensor_json(array):
    array = np.asarray(array)
    if array.dtype == np.bool_:
        dtype, data = "bool", ",".join("1" if v else "0" for v in array.reshape(-1))
    else:
        # float32 values printed in their shortest round-trip form.
        dtype, data = array.dtype.name, ",".join('"' + str(v) + '"' for v in array.reshape(-1))
    return f'{{"dtype":"{dtype}","shape":{list(array.shape)},"data":[{data}]}}'.replace(" ", "")


def json_value(value):
    if value is None:
        return "null"
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


def allowed_pairs(m, n, causal, mask):
    allowed = np.ones((m, n), dtype=bool)
    if causal:
        allowed = np.tril(allowed)
    return allowed if mask is None else allowed & mask


def reference(q, k, v, w, causal, mask, scale):
    """float64 output, gradients and the magnitudes of the tolerance bounds."""
    q, k, v, w = (x.astype(np.float64) for x in (q, k, v, w))
    allowed = allowed_pairs(q.shape[-2], k.shape[-2], causal, mask)
    s = np.where(allowed, scale * q @ np.swapaxes(k, -1, -2), -np.inf)
    p = np.exp(s - s.max(-1, keepdims=True))
    p = p / p.sum(-1, keepdims=True)
    o = p @ v
    dp = w @ np.swapaxes(v, -1, -2)
    ds = p * (dp - (w * o).sum(-1, keepdims=True))
    grads = [scale * ds @ k, scale * np.swapaxes(ds, -1, -2) @ q, np.swapaxes(p, -1, -2) @ w]
    amplification = 1 + 2 * scale * float(np.max(np.abs(q) @ np.swapaxes(np.abs(k), -1, -2)))
    ds_abs = p * (np.abs(w) @ np.swapaxes(np.abs(v), -1, -2) + (np.abs(w) * np.abs(o)).sum(-1, keepdims=True))
    grad_abs = [scale * ds_abs @ np.abs(k), scale * np.swapaxes(ds_abs, -1, -2) @ np.abs(q),
                np.swapaxes(p, -1, -2) @ np.abs(w)]
    output_magnitude = float(np.max(np.abs(v))) * amplification
    grad_magnitude = max(float(np.max(g)) for g in grad_abs) * amplification
    return o, grads, output_magnitude, grad_magnitude


def within(got, want, terms, magnitude):
    bound = 2 * EPS32 * np.abs(want) + terms * EPS32 * magnitude
    return bool(np.all(np.abs(got.astype(np.float64) - want) <= bound / 2))


def add_case(name, q_shape, k_shape, e, causal=False, mask_shape=None, scale=None):
    m, d = q_shape[-2:]
    n = k_shape[-2]
    q = rng.uniform(-1, 1, q_shape).astype(np.float32)
    k = rng.uniform(-1, 1, k_shape).astype(np.float32)
    v = rng.uniform(-1, 1, list(k_shape[:-1]) + [e]).astype(np.float32)
    mask = None
    if mask_shape is not None:
        mask = rng.uniform(0, 1, mask_shape) < 0.6
        mask[..., :, 0] = True  # every query attends a key (PyTorch gives NaN otherwise)
    tq, tk, tv = (torch.tensor(x, requires_grad=True) for x in (q, k, v))
    out = F.scaled_dot_product_attention(
        tq, tk, tv, attn_mask=None if mask is None else torch.tensor(mask), is_causal=causal, scale=scale)
    w = rng.uniform(-1, 1, out.shape).astype(np.float32)
    (out * torch.tensor(w)).sum().backward()
    used_scale = scale if scale is not None else 1 / np.sqrt(d)
    o64, g64, output_magnitude, grad_magnitude = reference(q, k, v, w, causal, mask, used_scale)
    out32 = out.detach().numpy()
    grads32 = [t.grad.numpy() for t in (tq, tk, tv)]
    output_terms, grad_terms = 2 * (n + d), 2 * (n + d + e)
    assert within(out32, o64, output_terms, output_magnitude), name
    for g32, g in zip(grads32, g64):
        assert within(g32, g, grad_terms, grad_magnitude), name
    args = {"isCausal": int(causal), "scale": scale}
    inputs = [q, k, v] + ([] if mask is None else [mask])
    CASES.append({"name": name, "op": "attention", "args": args, "inputs": inputs, "expected": [out32],
                  "tolerance": {"kind": "accumulated", "terms": output_terms, "magnitude": output_magnitude}})
    CASES.append({"name": name + " gradients", "op": "attentionGradients", "args": args, "inputs": inputs + [w],
                  "expected": grads32,
                  "tolerance": {"kind": "accumulated", "terms": grad_terms, "magnitude": grad_magnitude}})


def case_json(case):
    inputs = ",".join(tensor_json(x) for x in case["inputs"])
    expected = ",".join(tensor_json(e) for e in case["expected"])
    return (f'{{"name":{json_value(case["name"])},"op":"{case["op"]}","args":{json_value(case["args"])},'
            f'"tolerance":{json_value(case["tolerance"])},"inputs":[{inputs}],"expected":[{expected}]}}')


def main():
    add_case("plain [2,3,5,8] keys [2,3,7,8] values 6", [2, 3, 5, 8], [2, 3, 7, 8], 6)
    add_case("causal [1,1,70,8] (two key tiles)", [1, 1, 70, 8], [1, 1, 70, 8], 8, causal=True)
    add_case("causal, fewer queries than keys [1,1,4,8] keys 9", [1, 1, 4, 8], [1, 1, 9, 8], 8, causal=True)
    add_case("broadcast mask [5,7], scale 0.3", [2, 2, 5, 8], [2, 2, 7, 8], 4, mask_shape=[5, 7], scale=0.3)
    add_case("causal and mask [1,1,66,66] of [1,2,66,4]", [1, 2, 66, 4], [1, 2, 66, 4], 4, causal=True,
             mask_shape=[1, 1, 66, 66])
    add_case("rank 2 [6,4] keys [130,4]", [6, 4], [130, 4], 5)
    cases = ",\n".join(case_json(c) for c in CASES)
    text = ("{\n"
            '"_generated": "Generated by Scripts/generate-attention-fixtures.py; do not edit by hand, rerun the script.",\n'
            f'"torch": "{torch.__version__}",\n"numpy": "{np.__version__}",\n"groups": {{\n"attention": [\n{cases}\n]\n}}}}\n')
    OUTPUT.write_text(text)
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(CASES)} cases, {OUTPUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
