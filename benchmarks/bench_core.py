"""Speed of the NumPy core, as ratios to baselines measured in the same run.

    python -m benchmarks.bench_core            # full run (about a minute on an idle 2-core machine)
    python -m benchmarks.bench_core --quick    # fewer repeats

1. ``gradient_flow.simulate`` at the issue's two sizes (targets: <= 30 ms and <= 100 ms median), each
   against the floor: the bare matrix multiplications the same network needs (forward h @ W, backward
   h.T @ g and g @ W.T), on the same arrays, in the same process.
2. Each activation's forward + derivative on the 2,000 points a chart draws, and on 1e6 values with the
   ratio to torch (forward + autograd backward, float64, one thread) for information.

BLAS threads: on a shared machine OpenBLAS's spinning threads can make matmuls many times slower;
run with ``OPENBLAS_NUM_THREADS=1`` to compare (the figure printed first says what was used).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

import numpy as np

from glossary import activations as A
from glossary import gradient_flow as G


def median_ms(fn: Callable[[int], object], repeats: int) -> float:
    """Median wall time of fn(i) for i in range(repeats), after one warm-up call, in milliseconds."""
    fn(-1)
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        fn(i)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def bare_matmuls(net: G.Network) -> None:
    outputs = [net.inputs]
    for w in net.weights:
        outputs.append(outputs[-1] @ w)
    grad = outputs[-1]
    for layer in range(len(net.weights) - 1, -1, -1):
        _ = outputs[layer].T @ grad
        if layer:
            grad = grad @ net.weights[layer].T


def bench_simulate(repeats: int) -> None:
    print("simulate (float32 by default; median ms, each call a new seed, so weights are drawn anew)")
    print(f"{'size':>18} {'activation':>11} {'ms':>8} {'target':>7} {'matmuls':>8} {'ratio':>6}")
    for depth, width, target in [(50, 128, 30), (60, 256, 100)]:
        net = G.make_network(depth, width, batch=256)
        floor = median_ms(lambda i, net=net: bare_matmuls(net), repeats)
        for activation in ["relu", "tanh", "sigmoid", "leaky_relu", "gelu", "mish"]:
            ms = median_ms(lambda i: G.simulate(activation, depth, width, seed=i + 1), repeats)  # noqa: B023
            size = f"{depth}x{width}x256"
            print(f"{size:>18} {activation:>11} {ms:8.1f} {target:7d} {floor:8.1f} {ms / floor:6.2f}")


def bench_activations(repeats: int) -> None:
    import torch  # only the benchmark uses torch as a reference

    from tests.test_activations import TORCH

    torch.set_num_threads(1)
    chart = np.linspace(-6, 6, 2000)
    big = np.linspace(-20, 20, 1_000_000)
    print("\nforward + derivative (float64): 2,000 points (µs) and 1e6 values vs torch (ms, one thread)")
    print(f"{'activation':>12} {'2k µs':>8} {'1e6 ms':>8} {'torch ms':>9} {'ratio':>6}")
    for act in A.ACTIVATIONS.values():
        params = act.defaults()
        if act.elementwise:
            ours = lambda x, p=params, a=act: (a.forward(x, **p), a.derivative(x, **p))  # noqa: E731
        else:  # a softmax over the whole vector: forward and the vjp with a vector of ones
            ours = lambda x, p=params, a=act: (a.forward(x, **p), a.vjp(x, np.ones_like(x), **p))  # noqa: E731
        small_us = median_ms(lambda i: ours(chart), repeats * 5) * 1e3  # noqa: B023
        numpy_ms = median_ms(lambda i: ours(big), repeats)  # noqa: B023

        def with_torch(i: int, a: A.Activation = act, p: dict = params) -> None:
            t = torch.tensor(big, requires_grad=True)
            y = TORCH[a.name](t, -1, **p)
            torch.autograd.grad(y, t, torch.ones_like(y))

        torch_ms = median_ms(with_torch, repeats)
        print(f"{act.name:>12} {small_us:8.0f} {numpy_ms:8.1f} {torch_ms:9.1f} {numpy_ms / torch_ms:6.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    repeats = 5 if args.quick else 15
    print(f"numpy {np.__version__}; OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}; "
          f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    bench_simulate(repeats)
    bench_activations(repeats)


if __name__ == "__main__":
    main()
