#!/usr/bin/env python3
"""PyTorch baseline of the deepdual benchmark (issue "benchmarks", part 3).

Trains, full batch in float64, the same network on the same data with the same objective as
deepdual's certified solve (docs/theory.md §1, docs/theory.md §1), and reports how long it
takes to come within a relative tolerance of the certified optimum.

Input: --dir DIR holding x.csv and y.csv (numeric, comma-separated, no header, as deepdual writes
them) and problem.json:
  {"setting": "linear"|"relu-whitened"|"relu-rank1"|"relu2"|"bn", "variant": "relu"|"linear"|null,
   "objective": "wd"|"tc", "beta": B, "depth": L, "t": T|null, "width": M, "optimum": P*,
   "rel_target": 1e-4, "budget_s": S, "seed": N, "optimizer": "adam"|"lbfgs", "threads": 1,
   "adam_lr": 0.01, "lbfgs_history": 50}
Output: one compact JSON object on the last line of stdout:
  {"optimizer", "reached", "time_to_target_s" (null when not reached), "final_objective",
   "best_objective", "rel_excess", "iterations", "elapsed_s", "stop", "torch", "threads"}
Timing excludes the objective evaluation used to detect the target (as deepdual's trainer excludes
its trajectory recording). Requires Debian's python3-torch (/usr/bin/python3).
"""
import argparse
import json
import math
import os
import sys
import time

try:
    import numpy as np
    import torch
except ImportError as e:  # pragma: no cover - reported to the Java side
    print(json.dumps({"error": "missing module: %s (apt-get install -y python3-torch)" % e.name}))
    sys.exit(3)


class Net:
    """The deepdual architectures: a linear or ReLU chain without biases, or the BN network of
    docs/theory.md §8 (ReLU layers, then BN_{gamma,alpha} in the l2-normalised convention, then
    phi = ReLU or identity, then W_L); under tc the layers l <= L-2 are t * V_l / ||V_l||_F."""

    def __init__(self, spec, d, k, gen):
        self.setting = spec["setting"]
        self.depth = int(spec["depth"])
        self.width = int(spec["width"])
        self.tc = spec["objective"] == "tc"
        self.t = spec.get("t")
        self.beta = float(spec["beta"])
        self.bn = self.setting == "bn"
        self.variant = spec.get("variant") or "relu"
        if self.setting in ("relu-1d",):
            raise ValueError("setting relu-1d (free biases) is not supported by this baseline")
        widths = [d] + [self.width] * (self.depth - 1) + [k]
        relu_hidden = self.setting != "linear"
        self.weights = []
        for l in range(1, self.depth + 1):
            fan_in, fan_out = widths[l - 1], widths[l]
            he = l < self.depth and (relu_hidden or self.bn)
            sd = math.sqrt(2.0 / fan_in) if he else math.sqrt(2.0 / (fan_in + fan_out))
            w = torch.randn(fan_in, fan_out, dtype=torch.float64, generator=gen) * sd
            if self.on_sphere(l):
                w = w * (self.t / w.norm())
            self.weights.append(w.requires_grad_(True))
        self.params = list(self.weights)
        if self.bn:
            m = widths[self.depth - 1]
            self.gamma = torch.ones(m, dtype=torch.float64, requires_grad=True)
            self.alpha = torch.zeros(m, dtype=torch.float64, requires_grad=True)
            self.params += [self.gamma, self.alpha]

    def on_sphere(self, l):
        return self.tc and not self.bn and l <= self.depth - 2

    def layer(self, l):
        w = self.weights[l - 1]
        if self.on_sphere(l):
            return self.t * w / w.norm()
        return w

    def forward(self, x):
        a = x
        relu = self.setting != "linear"
        last_hidden = self.depth - 1
        for l in range(1, self.depth):
            h = a @ self.layer(l)
            if self.bn and l == last_hidden:
                n = h.shape[0]
                c = h - h.mean(dim=0, keepdim=True)
                norm = c.norm(dim=0, keepdim=True)
                safe = torch.where(norm > 0, norm, torch.ones_like(norm))
                z = self.gamma * (c / safe) + self.alpha / math.sqrt(n)
                a = torch.relu(z) if self.variant == "relu" else z
            else:
                a = torch.relu(h) if relu else h
        return a @ self.layer(self.depth)

    def penalty(self):
        if self.bn:
            sq = (self.gamma ** 2).sum() + (self.alpha ** 2).sum() + (self.weights[-1] ** 2).sum()
        elif self.tc:
            sq = (self.layer(self.depth - 1) ** 2).sum() + (self.layer(self.depth) ** 2).sum()
        else:
            sq = sum((w ** 2).sum() for w in self.weights)
        return 0.5 * self.beta * sq

    def objective(self, x, y):
        r = self.forward(x) - y
        return 0.5 * (r ** 2).sum() + self.penalty()


def load(directory):
    x = np.loadtxt(os.path.join(directory, "x.csv"), delimiter=",", ndmin=2)
    y = np.loadtxt(os.path.join(directory, "y.csv"), delimiter=",", ndmin=2)
    with open(os.path.join(directory, "problem.json")) as f:
        spec = json.load(f)
    if x.shape[0] != y.shape[0]:
        raise ValueError("x.csv has %d rows but y.csv has %d" % (x.shape[0], y.shape[0]))
    return torch.from_numpy(x), torch.from_numpy(y), spec


def train(x, y, spec):
    torch.set_num_threads(int(spec.get("threads", 1)))
    gen = torch.Generator().manual_seed(int(spec.get("seed", 0)))
    net = Net(spec, x.shape[1], y.shape[1], gen)
    optimum = float(spec["optimum"])
    scale = max(1.0, abs(optimum))
    target = optimum + float(spec.get("rel_target", 1e-4)) * scale
    budget = float(spec["budget_s"])
    name = spec["optimizer"]
    if name == "adam":
        opt = torch.optim.Adam(net.params, lr=float(spec.get("adam_lr", 0.01)))
    elif name == "lbfgs":
        opt = torch.optim.LBFGS(net.params, lr=1.0, max_iter=1, history_size=int(spec.get("lbfgs_history", 50)),
                                line_search_fn="strong_wolfe", tolerance_grad=0.0, tolerance_change=0.0)
    else:
        raise ValueError("optimizer must be adam or lbfgs, got %r" % name)

    def closure():
        opt.zero_grad()
        f = net.objective(x, y)
        f.backward()
        return f

    with torch.no_grad():
        value = float(net.objective(x, y))
    best = value
    trained = 0.0
    iterations = 0
    reached_at = None
    stop = "budget"
    window = [value]
    while trained < budget:
        t0 = time.perf_counter()
        opt.step(closure)
        trained += time.perf_counter() - t0
        iterations += 1
        with torch.no_grad():
            value = float(net.objective(x, y))
        if not math.isfinite(value):
            stop = "diverged"
            break
        best = min(best, value)
        if value <= target:
            reached_at = trained
            stop = "target"
            break
        window.append(value)
        if len(window) > 50:
            window.pop(0)
            if abs(window[0] - value) <= 1e-13 * max(1.0, abs(value)):
                stop = "stalled"
                break
    return {
        "optimizer": name,
        "reached": reached_at is not None,
        "time_to_target_s": reached_at,
        "final_objective": value,
        "best_objective": best,
        "rel_excess": (best - optimum) / scale,
        "iterations": iterations,
        "elapsed_s": trained,
        "stop": stop,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
    }


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--dir", required=True, help="directory with x.csv, y.csv and problem.json")
    args = p.parse_args(argv)
    x, y, spec = load(args.dir)
    print(json.dumps(train(x, y, spec), separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
