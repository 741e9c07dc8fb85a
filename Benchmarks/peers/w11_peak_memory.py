"""Peak memory of W11's first PyTorch training step in a fresh process (the peer scripts time W11
but do not measure its memory; the issue compares Olympus's peak with PyTorch's).

Usage:  python w11_peak_memory.py [torch-eager|torch-eager-manual]
        (torch and numpy; the shared peer harness ../shared/benchmarks/peers/_common.py, or
        $OLYMPUS_PEERS_DIR)
Prints one JSON object: the system, and `_common.measure_one_call_rss` of the first and second
step (peak RSS during each call, and relative to the RSS just before it), after building the
parameters and the Adam optimizer. The step is torch_bench.py's W11 step (functional ops on leaf
tensors; attention by F.scaled_dot_product_attention(is_causal=True), or written out with the
additive mask for torch-eager-manual).
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, os.environ.get("OLYMPUS_PEERS_DIR") or os.path.join(HERE, "..", "..", "..", "shared", "benchmarks", "peers"))
import _common as C  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402


def main():
    system = sys.argv[1] if len(sys.argv) > 1 else "torch-eager"
    inp_np, tgt_np, params_np = C.w11_inputs()
    B, T, D, H = C.W11_B, C.W11_T, C.W11_D, C.W11_H
    hd = D // H
    state = {}

    def attention(q, k, v):
        if system == "torch-eager":
            return F.scaled_dot_product_attention(q, k, v, is_causal=True)
        s = (q @ k.transpose(-2, -1)) * (1.0 / hd ** 0.5) + state["mask"]
        return torch.softmax(s, dim=-1) @ v

    def loss_fn(P, inp, tgt):
        x = F.embedding(inp, P["wte"]) + P["wpe"]
        u = F.layer_norm(x, (D,), P["ln1_g"], P["ln1_b"], C.W11_LN_EPS)
        q, k, v = F.linear(u, P["attn_w"], P["attn_b"]).split(D, dim=-1)
        q, k, v = (t.view(B, T, H, hd).transpose(1, 2) for t in (q, k, v))
        y = attention(q, k, v).transpose(1, 2).reshape(B, T, D)
        x = x + F.linear(y, P["proj_w"], P["proj_b"])
        u = F.layer_norm(x, (D,), P["ln2_g"], P["ln2_b"], C.W11_LN_EPS)
        x = x + F.linear(F.gelu(F.linear(u, P["fc_w"], P["fc_b"]), approximate="tanh"), P["fc2_w"], P["fc2_b"])
        h = F.layer_norm(x, (D,), P["lnf_g"], P["lnf_b"], C.W11_LN_EPS)
        return F.cross_entropy((h @ P["wte"].t()).reshape(-1, C.W11_V), tgt.reshape(-1))

    def prepare():
        state["inp"], state["tgt"] = torch.from_numpy(inp_np), torch.from_numpy(tgt_np)
        state["mask"] = torch.from_numpy(C.w11_causal_mask())
        state["P"] = {k: torch.from_numpy(v.copy()).requires_grad_(True) for k, v in params_np.items()}
        state["opt"] = torch.optim.Adam(list(state["P"].values()), lr=C.W11_LR, betas=C.W11_BETAS, eps=C.W11_EPS)

    def step():
        state["opt"].zero_grad()
        loss = loss_fn(state["P"], state["inp"], state["tgt"])
        loss.backward()
        state["opt"].step()
        return float(loss.detach())

    result = C.measure_one_call_rss(prepare, step)
    result["system"] = system
    print(json.dumps(result))


if __name__ == "__main__":
    main()
