"""Peer side of W10's peak memory: one CNN training step of the shared peer README's W10 (PyTorch's
MNIST example network, batch 64, SGD 0.01) in a fresh interpreter, torch eager (the shared
torch_bench.py's `torch-eager` step) or jax.jit (jax_bench.py's `jax-jit` step, compiled while
preparing). The shared scripts time W10 but do not measure its memory; olympus-bench's W10 records
carry the same measurement as `extra.rss` (`--w10-rss SYSTEM`).

Usage:  python cnn_memory.py torch-eager|jax-jit
        (torch-eager needs torch and numpy, jax-jit needs jax and numpy)
Prints one JSON object per run, in the format of the shared peer scripts: `median_ms` is the first
step's milliseconds, `extra.rss` the shared `measure_one_call_rss` result (peak RSS during the first
and the second step, after preparing inputs, model and optimizer).
"""
import json
import os
import sys


def find_shared_peers():
    """The shared peer directory: $OLYMPUS_PEERS_DIR, else <repository root>/../shared/benchmarks/peers."""
    override = os.environ.get("OLYMPUS_PEERS_DIR")
    here = os.path.dirname(os.path.realpath(__file__))
    root = here
    while not os.path.isfile(os.path.join(root, "Package.swift")):
        parent = os.path.dirname(root)
        if parent == root:
            root = os.path.dirname(os.path.dirname(here))
            break
        root = parent
    path = os.path.abspath(override) if override else os.path.join(os.path.dirname(root), "shared", "benchmarks", "peers")
    if not os.path.isfile(os.path.join(path, "_common.py")):
        sys.exit("cnn_memory.py: the shared peer harness _common.py was not found in %s "
                 "(set OLYMPUS_PEERS_DIR to the directory holding _common.py)" % path)
    return path


sys.path.insert(0, find_shared_peers())
import numpy as np  # noqa: E402
import _common as C  # noqa: E402


def torch_step():
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    x_np, labels_np, params_np = C.w10_inputs()
    x, labels = torch.from_numpy(x_np), torch.from_numpy(labels_np)
    model = nn.Sequential(nn.Conv2d(1, 32, 3, 1), nn.ReLU(), nn.Conv2d(32, 64, 3, 1), nn.ReLU(),
                          nn.MaxPool2d(2), nn.Flatten(), nn.Linear(9216, 128), nn.ReLU(), nn.Linear(128, 10))
    with torch.no_grad():
        for layer, (w, b) in zip([model[0], model[2], model[6], model[8]], zip(params_np[0::2], params_np[1::2])):
            layer.weight.copy_(torch.from_numpy(w))
            layer.bias.copy_(torch.from_numpy(b))
    optimizer = torch.optim.SGD(model.parameters(), lr=C.W10_LR)

    def step():
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), labels)
        loss.backward()
        optimizer.step()
        return loss.detach()
    return step


def jax_step():
    import jax
    import jax.numpy as jnp
    from jax import lax
    x_np, labels_np, params_np = C.w10_inputs()
    x, labels = jnp.asarray(x_np), jnp.asarray(labels_np.astype(np.int32))

    def loss_fn(params, x, labels):
        c1w, c1b, c2w, c2b, f1w, f1b, f2w, f2b = params
        dn = ("NCHW", "OIHW", "NCHW")
        h = jax.nn.relu(lax.conv_general_dilated(x, c1w, (1, 1), "VALID", dimension_numbers=dn) + c1b[None, :, None, None])
        h = jax.nn.relu(lax.conv_general_dilated(h, c2w, (1, 1), "VALID", dimension_numbers=dn) + c2b[None, :, None, None])
        h = lax.reduce_window(h, -jnp.inf, lax.max, (1, 1, 2, 2), (1, 1, 2, 2), "VALID")
        h = jax.nn.relu(h.reshape(h.shape[0], -1) @ f1w.T + f1b)
        z = h @ f2w.T + f2b
        return jnp.mean(jax.nn.logsumexp(z, axis=1) - jnp.take_along_axis(z, labels[:, None], axis=1)[:, 0])

    @jax.jit
    def update(params, x, labels):
        loss, grads = jax.value_and_grad(loss_fn)(params, x, labels)
        return [p - C.W10_LR * g for p, g in zip(params, grads)], loss

    state = {"params": [jnp.asarray(p) for p in params_np]}
    jax.block_until_ready(update(state["params"], x, labels))  # compile while preparing

    def step():
        state["params"], loss = update(state["params"], x, labels)
        return jax.block_until_ready(loss)
    return step


def main():
    system = sys.argv[1] if len(sys.argv) > 1 else ""
    makers = {"torch-eager": torch_step, "jax-jit": jax_step}
    if system not in makers:
        sys.exit("usage: cnn_memory.py torch-eager|jax-jit")
    state = {}

    def prepare():
        state["step"] = makers[system]()
    rss = C.measure_one_call_rss(prepare, lambda: state["step"]())
    print(json.dumps({"workload": "W10", "system": system + "-first-step", "median_ms": rss["first_call"]["ms"],
                      "min_ms": rss["first_call"]["ms"], "max_ms": rss["first_call"]["ms"], "reps": 1,
                      "extra": {"rss": rss}}))


if __name__ == "__main__":
    main()
