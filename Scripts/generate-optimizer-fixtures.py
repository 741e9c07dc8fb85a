#!/usr/bin/env python3
"""Writes Tests/OlympusOptimizersTests/Fixtures/optimizers.json: PyTorch reference values for the
optimizers, learning-rate schedules and gradient clipping of OlympusOptimizers.

Usage: ~/peers-torch/bin/python Scripts/generate-optimizer-fixtures.py   (needs torch and numpy)

Everything is float64 on the CPU. The parameters and the gradients of each of the three steps are
fixed arrays written out in full (drawn once from a seeded NumPy generator, not computed by
autograd), so the Swift tests never depend on a random stream. For every case the file holds the
parameters after steps 1, 2 and 3 as the reference computes them:

  * torch.optim.{SGD, Adam, AdamW, RMSprop, Adagrad} with foreach=False (the single-tensor loop
    PyTorch runs on the CPU by default), gradients assigned to `.grad`, then `optimizer.step()`;
    with a learning-rate scheduler, `scheduler.step()` after each `optimizer.step()`;
  * Lion, which PyTorch lacks, from a NumPy transcription of Algorithm 2 of Chen et al., "Symbolic
    Discovery of Optimization Algorithms" (2023), written below by hand (`lion_steps`);
  * chains: `torch.nn.utils.clip_grad_norm_` / `clip_grad_value_` before `optimizer.step()`.

`missing_gradient` repeats two optimizers with the bias's `.grad` left None at step 1 (PyTorch skips
that parameter and its state). `tape` trains a fixed quadratic loss with `loss.backward()` (the
only case whose gradients come from autograd). `schedules` are `scheduler.get_last_lr()` after k
scheduler steps, k = 0 … n; when ~/peers/bin/python has optax, the same schedules are computed with
optax and the script checks that both libraries agree (optax runs in float32: to 1e-6 relative).
"""

import json
import pathlib
import subprocess

import numpy as np
import torch

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "Tests" / "OlympusOptimizersTests" / "Fixtures" / "optimizers.json"
OPTAX_PYTHON = pathlib.Path.home() / "peers" / "bin" / "python"

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(20260901)

# The parameters of the Swift test model: a matrix, a vector and a 0-d scalar, in this order.
SHAPES = {"weight": (3, 4), "bias": (3,), "scale": ()}
NAMES = list(SHAPES)


def away_from_zero(shape, scale):
    """Normal values with magnitude at least 0.1 * scale: no element sits near a kink of sign()
    or makes an adaptive denominator tiny, so small rounding differences stay small."""
    values = rng.standard_normal(shape)
    values = np.where(np.abs(values) < 0.1, np.copysign(0.1, values) + values, values)
    return values * scale


INITIAL = {name: away_from_zero(shape, 1.0) for name, shape in SHAPES.items()}
# Step 2's gradients are larger and step 3's smaller than step 1's, so AMSGrad's maximum matters.
GRADIENTS = [{name: away_from_zero(shape, s) for name, shape in SHAPES.items()} for s in (1.0, 2.0, 0.25)]


def encode(array):
    """A tensor as {shape, data}; numbers as repr strings (exact round trip through Double(String))."""
    array = np.asarray(array, dtype=np.float64)
    return {"shape": list(array.shape), "data": [repr(float(x)) for x in array.reshape(-1)]}


def encode_tree(tree):
    return {name: encode(tree[name]) for name in NAMES}


# ---------------------------------------------------------------------------------------------
# Learning rates: a number, or a schedule named as in Swift with its PyTorch scheduler.


def make_scheduler(optimizer, schedule):
    kind, o = schedule["schedule"], schedule
    scheduler = torch.optim.lr_scheduler
    if kind == "StepDecay":
        return scheduler.StepLR(optimizer, step_size=o["stepSize"], gamma=o["gamma"])
    if kind == "ExponentialDecay":
        return scheduler.ExponentialLR(optimizer, gamma=o["gamma"])
    if kind == "CosineDecay":
        return scheduler.CosineAnnealingLR(optimizer, T_max=o["decaySteps"], eta_min=o["finalValue"])
    if kind == "LinearSchedule":
        return scheduler.LinearLR(
            optimizer, start_factor=o["initialValue"] / base_rate(o), end_factor=o["finalValue"] / base_rate(o),
            total_iters=o["transitionSteps"])
    if kind == "WarmupCosineDecay":
        warmup = scheduler.LinearLR(
            optimizer, start_factor=o["initialValue"] / o["peakValue"], end_factor=1.0, total_iters=o["warmupSteps"])
        decay = scheduler.CosineAnnealingLR(
            optimizer, T_max=o["decaySteps"] - o["warmupSteps"], eta_min=o["finalValue"])
        return scheduler.SequentialLR(optimizer, [warmup, decay], milestones=[o["warmupSteps"]])
    raise ValueError(kind)


def base_rate(schedule):
    """The optimizer's `lr` a PyTorch scheduler starts from for this schedule (the largest value)."""
    if schedule["schedule"] == "LinearSchedule":
        return max(schedule["initialValue"], schedule["finalValue"])
    if schedule["schedule"] == "WarmupCosineDecay":
        return schedule["peakValue"]
    return schedule["initialValue"]


def optax_expression(schedule):
    """The same schedule in optax (cross-check only)."""
    kind, o = schedule["schedule"], schedule
    if kind == "StepDecay":
        return f"optax.exponential_decay({o['initialValue']}, {o['stepSize']}, {o['gamma']}, staircase=True)"
    if kind == "ExponentialDecay":
        return f"optax.exponential_decay({o['initialValue']}, 1, {o['gamma']})"
    if kind == "CosineDecay":
        alpha = o["finalValue"] / o["initialValue"]
        return f"optax.cosine_decay_schedule({o['initialValue']}, {o['decaySteps']}, alpha={alpha!r})"
    if kind == "LinearSchedule":
        return f"optax.linear_schedule({o['initialValue']}, {o['finalValue']}, {o['transitionSteps']})"
    if kind == "WarmupCosineDecay":
        return (f"optax.warmup_cosine_decay_schedule({o['initialValue']}, {o['peakValue']}, {o['warmupSteps']}, "
                f"{o['decaySteps']}, {o['finalValue']})")
    raise ValueError(kind)


# ---------------------------------------------------------------------------------------------
# Optimizers: Swift name and options -> PyTorch constructor.


def make_torch_optimizer(kind, options, params):
    o = dict(options)
    lr = o.pop("learningRate")
    lr = base_rate(lr) if isinstance(lr, dict) else lr
    if kind == "SGD":
        return torch.optim.SGD(
            params, lr=lr, momentum=o.get("momentum", 0), dampening=o.get("dampening", 0),
            weight_decay=o.get("weightDecay", 0), nesterov=o.get("nesterov", False), foreach=False)
    if kind in ("Adam", "AdamW"):
        cls = torch.optim.Adam if kind == "Adam" else torch.optim.AdamW
        defaults = {"Adam": 0.0, "AdamW": 1e-2}
        return cls(
            params, lr=lr, betas=(o.get("beta1", 0.9), o.get("beta2", 0.999)), eps=o.get("epsilon", 1e-8),
            weight_decay=o.get("weightDecay", defaults[kind]), amsgrad=o.get("amsgrad", False), foreach=False)
    if kind == "RMSProp":
        return torch.optim.RMSprop(
            params, lr=lr, alpha=o.get("alpha", 0.99), eps=o.get("epsilon", 1e-8),
            weight_decay=o.get("weightDecay", 0), momentum=o.get("momentum", 0), centered=o.get("centered", False),
            foreach=False)
    if kind == "Adagrad":
        return torch.optim.Adagrad(
            params, lr=lr, lr_decay=o.get("learningRateDecay", 0), weight_decay=o.get("weightDecay", 0),
            initial_accumulator_value=o.get("initialAccumulatorValue", 0), eps=o.get("epsilon", 1e-10),
            foreach=False)
    raise ValueError(kind)


def clip_in_torch(stage, params):
    if stage["kind"] == "ClipByGlobalNorm":
        torch.nn.utils.clip_grad_norm_(params, stage["options"]["maxNorm"], foreach=False)
    elif stage["kind"] == "ClipByValue":
        torch.nn.utils.clip_grad_value_(params, stage["options"]["limit"], foreach=False)
    else:
        raise ValueError(stage["kind"])


def torch_steps(stages, missing=()):
    """Parameters after each of three steps; `missing` names parameters whose grad is None at step 1."""
    params = [torch.tensor(INITIAL[name]).requires_grad_() for name in NAMES]
    *clips, last = stages
    optimizer = make_torch_optimizer(last["kind"], last["options"], params)
    lr = last["options"]["learningRate"]
    scheduler = make_scheduler(optimizer, lr) if isinstance(lr, dict) else None
    results = []
    for step, gradients in enumerate(GRADIENTS):
        optimizer.zero_grad(set_to_none=True)
        for name, param in zip(NAMES, params):
            if not (step == 0 and name in missing):
                param.grad = torch.tensor(gradients[name])
        for clip in clips:
            clip_in_torch(clip, params)
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        results.append({name: param.detach().numpy().copy() for name, param in zip(NAMES, params)})
    return results


def lion_steps(options):
    """Lion by hand from the paper (Algorithm 2, decoupled weight decay), in float64:
        c = beta1 * m + (1 - beta1) * g
        p = p - lr * (sign(c) + weight_decay * p)
        m = beta2 * m + (1 - beta2) * g
    """
    lr, beta1, beta2 = options["learningRate"], options.get("beta1", 0.9), options.get("beta2", 0.99)
    weight_decay = options.get("weightDecay", 0.0)
    params = {name: INITIAL[name].copy() for name in NAMES}
    momentum = {name: np.zeros(SHAPES[name]) for name in NAMES}
    results = []
    for gradients in GRADIENTS:
        for name in NAMES:
            g, m, p = gradients[name], momentum[name], params[name]
            c = beta1 * m + (1 - beta1) * g
            assert np.all(np.abs(c) > 1e-6), "sign(c) must not sit at its kink"
            params[name] = p - lr * (np.sign(c) + weight_decay * p)
            momentum[name] = beta2 * m + (1 - beta2) * g
        results.append({name: params[name].copy() for name in NAMES})
    return results


def stage(kind, **options):
    return {"kind": kind, "options": options}


# Each case: a name, its stages (the last an optimizer, before it clipping), its reference.
OPTIMIZER_CASES = [
    ("sgd", [stage("SGD", learningRate=0.1)]),
    ("sgd-momentum", [stage("SGD", learningRate=0.1, momentum=0.9)]),
    ("sgd-momentum-dampening", [stage("SGD", learningRate=0.1, momentum=0.9, dampening=0.5)]),
    ("sgd-nesterov", [stage("SGD", learningRate=0.1, momentum=0.9, nesterov=True)]),
    ("sgd-weight-decay", [stage("SGD", learningRate=0.1, weightDecay=0.05)]),
    ("sgd-nesterov-weight-decay", [stage("SGD", learningRate=0.05, momentum=0.8, weightDecay=0.1, nesterov=True)]),
    ("adam", [stage("Adam", learningRate=0.1)]),
    ("adam-defaults", [stage("Adam", learningRate=1e-3)]),
    ("adam-betas-epsilon", [stage("Adam", learningRate=0.05, beta1=0.8, beta2=0.9, epsilon=1e-3)]),
    ("adam-amsgrad", [stage("Adam", learningRate=0.1, amsgrad=True)]),
    ("adam-weight-decay", [stage("Adam", learningRate=0.1, weightDecay=0.1)]),
    ("adamw", [stage("AdamW", learningRate=0.1)]),
    ("adamw-amsgrad-weight-decay", [stage("AdamW", learningRate=0.1, weightDecay=0.3, amsgrad=True)]),
    ("rmsprop", [stage("RMSProp", learningRate=0.01)]),
    ("rmsprop-centered", [stage("RMSProp", learningRate=0.01, centered=True)]),
    ("rmsprop-momentum", [stage("RMSProp", learningRate=0.01, momentum=0.9)]),
    ("rmsprop-centered-momentum-weight-decay",
     [stage("RMSProp", learningRate=0.02, alpha=0.9, epsilon=1e-6, momentum=0.5, centered=True, weightDecay=0.1)]),
    ("adagrad", [stage("Adagrad", learningRate=0.1)]),
    ("adagrad-decay", [stage("Adagrad", learningRate=0.1, learningRateDecay=0.5)]),
    ("adagrad-accumulator-weight-decay",
     [stage("Adagrad", learningRate=0.1, initialAccumulatorValue=0.1, weightDecay=0.2, epsilon=1e-6)]),
    ("lion", [stage("Lion", learningRate=0.01)]),
    ("lion-weight-decay", [stage("Lion", learningRate=0.01, beta1=0.8, beta2=0.95, weightDecay=0.5)]),
    ("clip-norm-sgd-momentum", [stage("ClipByGlobalNorm", maxNorm=1.0), stage("SGD", learningRate=0.1, momentum=0.9)]),
    ("clip-value-adam", [stage("ClipByValue", limit=0.5), stage("Adam", learningRate=0.1)]),
    ("adam-exponential-schedule",
     [stage("Adam", learningRate={"schedule": "ExponentialDecay", "initialValue": 0.1, "gamma": 0.5})]),
    ("sgd-step-schedule",
     [stage("SGD", learningRate={"schedule": "StepDecay", "initialValue": 0.1, "stepSize": 2, "gamma": 0.1},
            momentum=0.9)]),
]

MISSING_GRADIENT_CASES = [
    ("adam-bias-without-gradient", [stage("Adam", learningRate=0.1)]),
    ("sgd-momentum-dampening-bias-without-gradient", [stage("SGD", learningRate=0.1, momentum=0.9, dampening=0.3)]),
    ("adagrad-decay-bias-without-gradient", [stage("Adagrad", learningRate=0.1, learningRateDecay=0.5)]),
]


TORCH_NAMES = {"SGD": "SGD", "Adam": "Adam", "AdamW": "AdamW", "RMSProp": "RMSprop", "Adagrad": "Adagrad"}


def optimizer_case(name, stages, missing=()):
    kind = stages[-1]["kind"]
    if kind == "Lion":
        reference = "NumPy transcription of Lion (Chen et al. 2023, Algorithm 2)"
        steps = lion_steps(stages[-1]["options"])
    else:
        reference = "torch.optim." + TORCH_NAMES[kind]
        steps = torch_steps(stages, missing)
    case = {"name": name, "reference": reference, "stages": stages, "steps": [encode_tree(s) for s in steps]}
    if missing:
        case["withoutGradientAtStep1"] = list(missing)
    return case


# ---------------------------------------------------------------------------------------------
# Schedules, clipping, and the tape.

SCHEDULES = [
    ("step", {"schedule": "StepDecay", "initialValue": 0.1, "stepSize": 3, "gamma": 0.5}, 12),
    ("exponential", {"schedule": "ExponentialDecay", "initialValue": 0.1, "gamma": 0.8}, 12),
    ("cosine", {"schedule": "CosineDecay", "initialValue": 0.1, "decaySteps": 10, "finalValue": 0.01}, 10),
    ("linear-warmup", {"schedule": "LinearSchedule", "initialValue": 0.025, "finalValue": 0.1, "transitionSteps": 4}, 8),
    ("linear-decay", {"schedule": "LinearSchedule", "initialValue": 0.1, "finalValue": 0.02, "transitionSteps": 5}, 8),
    ("warmup-cosine",
     {"schedule": "WarmupCosineDecay", "initialValue": 0.01, "peakValue": 0.1, "warmupSteps": 3, "decaySteps": 10,
      "finalValue": 0.001}, 10),
]


def torch_schedule(schedule, count):
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=base_rate(schedule))
    scheduler = make_scheduler(optimizer, schedule)
    values = []
    for _ in range(count + 1):
        values.append(scheduler.get_last_lr()[0])
        optimizer.step()
        scheduler.step()
    return values


def optax_schedules():
    """The schedules' values computed by optax in ~/peers (None when it is not installed there)."""
    if not OPTAX_PYTHON.exists():
        return None
    program = "import json, optax\nprint(json.dumps([[float(f(k)) for k in range(n + 1)] for f, n in [%s]]))" % ", ".join(
        f"({optax_expression(s)}, {n})" for _, s, n in SCHEDULES)
    result = subprocess.run([str(OPTAX_PYTHON), "-c", program], capture_output=True, text=True)
    if result.returncode != 0:
        return None
    version = subprocess.run(
        [str(OPTAX_PYTHON), "-c", "import optax; print(optax.__version__)"], capture_output=True, text=True)
    return version.stdout.strip(), json.loads(result.stdout.strip().splitlines()[-1])


def schedule_cases():
    cases = [{"name": name, "schedule": schedule, "values": [repr(v) for v in torch_schedule(schedule, n)]}
             for name, schedule, n in SCHEDULES]
    optax = optax_schedules()
    if optax is None:
        return cases, "not cross-checked (optax is not installed in ~/peers)"
    version, values = optax
    for case, reference in zip(cases, values):
        mine = [float(v) for v in case["values"]]
        assert np.allclose(mine, reference, rtol=1e-6, atol=0), (case["name"], mine, reference)
    return cases, f"PyTorch values agree with optax {version} (float32) to 1e-6 relative"


def clipping_cases():
    cases = []
    for name, clip in [("norm-clipped", stage("ClipByGlobalNorm", maxNorm=1.0)),
                       ("norm-unchanged", stage("ClipByGlobalNorm", maxNorm=100.0)),
                       ("value", stage("ClipByValue", limit=0.5))]:
        params = [torch.zeros(SHAPES[n], requires_grad=True) for n in NAMES]
        for n, p in zip(NAMES, params):
            p.grad = torch.tensor(GRADIENTS[0][n])
        clip_in_torch(clip, params)
        cases.append({"name": name, "stage": clip, "expected": {n: encode(p.grad) for n, p in zip(NAMES, params)}})
    return cases


# The tape case: loss = sum((weight @ x + bias[:, None] * scale - y)^2), three steps of each optimizer.
TAPE_X = away_from_zero((4, 5), 1.0)
TAPE_Y = away_from_zero((3, 5), 1.0)
TAPE_STAGES = [
    ("sgd-nesterov", [stage("SGD", learningRate=0.01, momentum=0.9, nesterov=True)]),
    ("adam", [stage("Adam", learningRate=0.1)]),
]


def tape_case(name, stages):
    params = [torch.tensor(INITIAL[n]).requires_grad_() for n in NAMES]
    optimizer = make_torch_optimizer(stages[-1]["kind"], stages[-1]["options"], params)
    x, y = torch.tensor(TAPE_X), torch.tensor(TAPE_Y)
    losses, steps = [], []
    for _ in range(3):
        optimizer.zero_grad()
        weight, bias, scale = params
        loss = ((weight @ x + bias[:, None] * scale - y) ** 2).sum()
        loss.backward()
        optimizer.step()
        losses.append(repr(loss.item()))
        steps.append(encode_tree({n: p.detach().numpy().copy() for n, p in zip(NAMES, params)}))
    return {"name": name, "stages": stages, "losses": losses, "steps": steps}


def main():
    schedules, cross_check = schedule_cases()
    fixture = {
        "generated": (f"by Scripts/generate-optimizer-fixtures.py with torch {torch.__version__} and numpy "
                      f"{np.__version__}, float64 on the CPU; do not edit by hand"),
        "schedulesCrossCheck": cross_check,
        "parameterOrder": NAMES,
        "initial": encode_tree(INITIAL),
        "gradients": [encode_tree(g) for g in GRADIENTS],
        "optimizers": [optimizer_case(name, stages) for name, stages in OPTIMIZER_CASES],
        "missingGradient": [optimizer_case(name, stages, missing=("bias",)) for name, stages in MISSING_GRADIENT_CASES],
        "schedules": schedules,
        "clipping": clipping_cases(),
        "tape": {"x": encode(TAPE_X), "y": encode(TAPE_Y),
                 "loss": "sum((weight @ x + bias[:, None] * scale - y)^2)",
                 "cases": [tape_case(name, stages) for name, stages in TAPE_STAGES]},
    }
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(fixture, indent=1) + "\n")
    print(f"wrote {OUTPUT.relative_to(ROOT)}; schedules {cross_check}")


if __name__ == "__main__":
    main()
