"""Speed of the NumPy core, as ratios to baselines measured in the same run.

    python -m benchmarks.bench_core            # full run (about a minute on an idle 2-core machine)
    python -m benchmarks.bench_core --quick    # fewer repeats, 3 activations, no torch comparison

1. ``gradient_flow.simulate`` with the gradient demo's batch (``glossary.ui.demos.gradient.BATCH``) at
   the demo's default size (depth 20, width 64) and its largest (60, 256; also with the N(0, 1) init,
   whose weights cost the most to draw), each against the floor: the bare matrix multiplications the
   same network needs (forward h @ W, backward h.T @ g and g @ W.T), on the same arrays, in the same
   process. Target: <= 50 ms median, the demo's whole round-trip budget.
2. Each activation's forward + derivative on the 2,000 points a chart draws, and on 1e6 values with the
   ratio to torch (forward + autograd backward, float64, one thread) for information.

BLAS threads: on a shared machine OpenBLAS's spinning threads can make matmuls many times slower;
run with ``OPENBLAS_NUM_THREADS=1`` to compare (the figure printed first says what was used).
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

import numpy as np

from benchmarks.common import Figure, at_most, quick_cli
from glossary.maths import activations as A
from glossary.maths import gradient_flow as G


def median_ms(fn: Callable[[int], object], repeats: int) -> float:
    """Median wall time of fn(i) for i in range(repeats), after one warm-up call, in milliseconds."""
    fn(-1)
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        fn(i)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def round_robin_times(fns: dict[str, Callable[[int], object]], repeats: int) -> dict[str, list[float]]:
    """Wall ms of each fn(i) per round, timed in turns (one call of each per round, after a warm-up call),
    so a burst of load from the machine's other users hits the baseline and the figures alike."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for fn in fns.values():
        fn(-1)
    for i in range(repeats):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn(i)
            times[name].append((time.perf_counter() - start) * 1e3)
    return times


def round_robin_ms(fns: dict[str, Callable[[int], object]], repeats: int) -> dict[str, float]:
    """Median wall ms of each fn(i), timed in turns (see :func:`round_robin_times`)."""
    return {name: statistics.median(t) for name, t in round_robin_times(fns, repeats).items()}


def bare_matmuls(net: G.Network) -> None:
    outputs = [net.inputs]
    with np.errstate(over="ignore", invalid="ignore"):  # unscaled N(0, 1) weights overflow float32
        for w in net.weights:
            outputs.append(outputs[-1] @ w)
        grad = outputs[-1]
        for layer in range(len(net.weights) - 1, -1, -1):
            _ = outputs[layer].T @ grad
            if layer:
                grad = grad @ net.weights[layer].T


SIZES = [(20, 64, "xavier"), (60, 256, "xavier"), (60, 256, "normal")]  # (depth, width, init)
TARGET_MS = 50.0  # the demo's round trip (issue 19); simulate is only part of it
ACTIVATIONS_QUICK = ["relu", "tanh", "sigmoid"]
ACTIVATIONS_FULL = ["relu", "tanh", "sigmoid", "leaky_relu", "gelu", "mish"]


def bench_simulate(repeats: int, activations: list[str]) -> list[Figure]:
    """Median wall time of ``simulate`` at the demo's batch (each call a new weight scale, as a slider
    move gives, so weights are drawn anew) against the bare matmuls of the same network shape (timed
    in the same rounds), per activation and size. The N(0, 1) size runs sigmoid (the weights' cost) and
    relu (which overflows float32 there, so simulate reruns in float64)."""
    from glossary.ui.demos.gradient import BATCH

    figures = []
    for depth, width, init in SIZES:
        net = G.make_network(depth, width, init, batch=BATCH)
        fns: dict[str, Callable[[int], object]] = {"": lambda i, net=net: bare_matmuls(net)}
        for activation in activations if init == "xavier" else ["sigmoid", "relu"]:
            fns[activation] = lambda i, a=activation, d=depth, w=width, init=init: G.simulate(
                a, d, w, init, weight_scale=1.0 + (i + 2) / 1000, batch=BATCH
            )
        times = round_robin_times(fns, repeats)
        bare = times.pop("")
        floor = statistics.median(bare)
        # NOTE: the development VM switches between a fast and a slow state; the spread of the baseline
        # shows a switch.
        spread = f"bare matmuls: {floor:.1f} ms (rounds {min(bare):.1f}-{max(bare):.1f})"
        for activation, runs in times.items():
            ms = statistics.median(runs)
            figures.append(
                Figure(
                    f"simulate({activation}, depth {depth}, width {width}, {init}, batch {BATCH}) "
                    f"median of {repeats}",
                    ms, "ms", f"<= {TARGET_MS:.0f} ms", f"{spread}; ratio {ms / floor:.2f}x",
                    at_most(ms, TARGET_MS), "core",
                )
            )  # fmt: skip
    return figures


def bench_activations(repeats: int, with_torch: bool = True) -> list[Figure]:
    """Forward + derivative per activation on the 2,000 points a chart draws (no target), and on 1e6
    values as a ratio to torch (forward + autograd backward, float64, one thread) when ``with_torch``."""
    figures = []
    chart = np.linspace(-6, 6, 2000)
    big = np.linspace(-20, 20, 1_000_000)
    if with_torch:
        import torch  # only the benchmark uses torch as a reference

        from tests.test_activations import TORCH

        torch.set_num_threads(1)
    for act in A.ACTIVATIONS.values():
        params = act.defaults()
        if act.elementwise:
            ours = lambda x, p=params, a=act: (a.forward(x, **p), a.derivative(x, **p))  # noqa: E731
        else:  # a softmax over the whole vector: forward and the vjp with a vector of ones
            ours = lambda x, p=params, a=act: (a.forward(x, **p), a.vjp(x, np.ones_like(x), **p))  # noqa: E731
        small_us = median_ms(lambda i: ours(chart), repeats * 5) * 1e3  # noqa: B023
        baseline = ""
        if with_torch:
            numpy_ms = median_ms(lambda i: ours(big), repeats)  # noqa: B023

            def torch_grad(i: int, a: A.Activation = act, p: dict = params) -> None:
                t = torch.tensor(big, requires_grad=True)
                y = TORCH[a.name](t, -1, **p)
                torch.autograd.grad(y, t, torch.ones_like(y))

            torch_ms = median_ms(torch_grad, repeats)
            ratio = numpy_ms / torch_ms
            baseline = f"1e6 values: {numpy_ms:.1f} ms vs torch {torch_ms:.1f} ms ({ratio:.2f}x)"
        name = f"{act.name}: forward + derivative, 2,000 points"
        figures.append(Figure(name, small_us, "µs", "", baseline, None, "core"))
    return figures


def run(quick: bool = False) -> list[Figure]:
    """Quick: 5 repeats, three activations in ``simulate``, no torch comparison; full: 15 repeats, all."""
    repeats = 5 if quick else 15
    blas = os.environ.get("OPENBLAS_NUM_THREADS", "unset")
    figures = [
        Figure("machine: load average (1 min) at start", round(os.getloadavg()[0], 2), "", "",
               f"numpy {np.__version__}; OPENBLAS_NUM_THREADS={blas}; {os.cpu_count()} CPUs", None, "core"),
    ]  # fmt: skip
    figures += bench_simulate(repeats, ACTIVATIONS_QUICK if quick else ACTIVATIONS_FULL)
    figures += bench_activations(repeats, with_torch=not quick)
    return figures


def main() -> None:
    quick_cli(run, __doc__, "NumPy core")


if __name__ == "__main__":
    main()
