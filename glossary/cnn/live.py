"""Training the mini CNN while a reader watches: step by step, several hidden activations side by side.

``train_live(plan, on_step=..., stop=...)`` trains one network per activation in ``plan.activations`` on
the same generated images in the same order, interleaved one optimiser step at a time (activation 1
step k, activation 2 step k, ...), so every line of the live chart grows at the same pace and a stop
request is seen within one step of one network. The loop is ``glossary.cnn.model.train``'s (Adam,
one-cycle schedule, ``CrossEntropyLoss`` on logits, batches of 64 drawn by a seeded ``torch.Generator``)
and a test checks that one activation here gives ``model.train``'s history to float precision; the
networks come from ``model.build_model``.

Deterministic: the same plan gives the same curves. The data depend only on (size, seed); the initial
weights are drawn under a lock from ``torch.manual_seed(seed)`` inside ``torch.random.fork_rng`` (two
trainings starting at once cannot interleave their draws, and the process's global generator is left
as it was); the batch order comes from a private generator. Float sums are the same for the same number
of torch threads (see ``THREADS``).

Data are generated (``glossary.cnn.shapes``, no downloads), lazily: the images a batch needs are drawn
when it first needs them, so the first step runs about 0.1 s after the start instead of after the ~3 s
a whole set takes; each set is cached per (size, seed) in memory (``MAX_CACHED_SETS``), never on disk.
``LazySet`` draws exactly what ``shapes.generate(n, seed)`` draws (tested). Validation and the held-out
figures use ``generate(N_VAL, VAL_SEED)``: a seed outside the reader's range and never used to train the
shipped weights, so those are scored on the same unseen images.

torch threads: ``torch.set_num_threads`` is process-wide (new threads take the value; the OpenMP
setting of a running thread is its own), so the training thread sets ``THREADS`` (env
``GLOSSARY_TRAINING_THREADS``, default 1) and everything else in the process computes with it too: on
2 cores one training uses one, and the server keeps the other for everyone else.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from torch import nn

from glossary.cnn import model as cnn
from glossary.cnn.shapes import CLASSES, IMAGE_SIZE, STYLES, make_image

SIZES: dict[str, int] = {"small": 3000, "medium": 6000}
N_VAL = 600
VAL_SEED = 7_000_001  # outside the demo's seeds (0..999) and never used for the shipped weights
MAX_SEED = 999
BATCH_SIZE = 64
# NOTE: model.train scores 512 images at a time; the pooled network's first layers then hold ~50 MB
# each (512x32x28x28 floats), the server's peak RSS during a training. 100 at a time: the same numbers.
EVAL_BATCH = 100
MAX_CACHED_SETS = 2  # small + medium of one seed: 8 + 16 MB of 8-bit images at most
THREADS = max(1, int(os.environ.get("GLOSSARY_TRAINING_THREADS", "1") or 1))

_INIT_LOCK = threading.Lock()
_CACHE_LOCK = threading.Lock()


def _warm_up() -> None:
    """The first optimiser of a process imports torch._dynamo (1.5 s idle, 4+ s on a busy machine,
    holding the import lock and most of the GIL): do it now, in the background, not after a click."""
    torch.optim.Adam([torch.zeros(1, requires_grad=True)])


threading.Thread(target=_warm_up, name="training-warm-up", daemon=True).start()


class Stopped(Exception):
    """Raised inside the loop when the stop flag is set; ``train_live`` returns what it had."""


# ---------------------------------------------------------------------------------------------------
# Data


class LazySet:
    """``shapes.generate(n, seed)``, image by image on first use (thread-safe), kept as 8-bit pixels.

    Same labels; pixels are the generator's rounded to 1/255 (an image file's precision), which takes a
    quarter of the memory: 8 MB for the small set instead of 32 (``batch`` hands out float32 in [0, 1]).
    """

    def __init__(self, n: int, seed: int, styles: Sequence[str] = STYLES) -> None:
        # NOTE: the same draws, in the same order, as shapes.generate (tests compare the two)
        rng = np.random.default_rng([seed, 0xC1A55])
        self.y = rng.permutation(np.arange(n) % len(CLASSES)).astype(np.int64)
        self._seeds = rng.integers(0, 2**31, n)
        self._styles = tuple(styles)
        self.X = np.empty((n, 3, IMAGE_SIZE, IMAGE_SIZE), dtype=np.uint8)
        self._made = np.zeros(n, dtype=bool)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.y)

    @property
    def complete(self) -> bool:
        return bool(self._made.all())

    def ensure(self, indices: np.ndarray, stop: threading.Event | None = None) -> None:
        """Draw the images at ``indices`` not drawn yet (checking ``stop`` every 16 images)."""
        with self._lock:
            missing = indices[~self._made[indices]]
            for count, i in enumerate(missing):
                if stop is not None and count % 16 == 0 and stop.is_set():
                    raise Stopped
                style = self._styles[i % len(self._styles)]
                image = make_image(int(self.y[i]), seed=int(self._seeds[i]), style=style)
                self.X[i] = np.rint(image * 255.0)  # make_image clips to [0, 1]
                self._made[i] = True

    def images(self, indices: np.ndarray) -> np.ndarray:
        """float32 pixels in [0, 1] of images already drawn."""
        return self.X[indices].astype(np.float32) / np.float32(255)

    def batch(self, indices: np.ndarray, stop: threading.Event | None = None) -> tuple[torch.Tensor, ...]:
        """(images as float32 in [0, 1], labels) at ``indices``, drawing the missing ones first."""
        self.ensure(indices, stop)
        return torch.from_numpy(self.images(indices)), torch.from_numpy(self.y[indices])


_SETS: OrderedDict[tuple[int, int], LazySet] = OrderedDict()
_VAL: dict[str, Any] = {}


def training_set(size: str, seed: int) -> LazySet:
    """The cached training images for (size, seed); the least recently used set beyond
    ``MAX_CACHED_SETS`` is dropped."""
    key = (SIZES[size], int(seed))
    with _CACHE_LOCK:
        found = _SETS.get(key)
        if found is None:
            found = _SETS[key] = LazySet(*key)
        _SETS.move_to_end(key)
        while len(_SETS) > MAX_CACHED_SETS:
            _SETS.popitem(last=False)
        return found


def validation_set(stop: threading.Event | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """``generate(N_VAL, VAL_SEED)``, drawn once per process (~0.6 s) and shared by every training."""
    with _CACHE_LOCK:
        found = _VAL.get("set")
        if found is None:
            found = _VAL["set"] = LazySet(N_VAL, VAL_SEED)
    if "tensors" not in _VAL:
        tensors = found.batch(np.arange(N_VAL), stop)
        with _CACHE_LOCK:
            _VAL.setdefault("tensors", tensors)
    return _VAL["tensors"]


def clear_caches() -> None:
    """Forget every cached image set (tests and the memory benchmark)."""
    with _CACHE_LOCK:
        _SETS.clear()
        _VAL.clear()


# ---------------------------------------------------------------------------------------------------
# Training


@dataclass(frozen=True)
class Plan:
    """What a reader asked for (the demo's settings)."""

    variant: str = "pooled"
    activations: tuple[str, ...] = ("relu",)
    lr: float = 0.005
    epochs: int = 2
    size: str = "small"
    seed: int = 0

    def __post_init__(self) -> None:
        if self.variant not in cnn.VARIANTS:
            raise ValueError(f"unknown network {self.variant!r}; known: {', '.join(cnn.VARIANTS)}")
        unknown = [a for a in self.activations if a not in cnn.ACTIVATIONS]
        if unknown or not self.activations or len(set(self.activations)) != len(self.activations):
            raise ValueError(f"activations must be distinct, from {', '.join(cnn.ACTIVATIONS)}")
        if self.size not in SIZES:
            raise ValueError(f"unknown size {self.size!r}; known: {', '.join(SIZES)}")
        if not (1 <= self.epochs <= 5 and 0 <= self.seed <= MAX_SEED and 0 < self.lr <= 1):
            raise ValueError(f"epochs 1..5, seed 0..{MAX_SEED}, 0 < lr <= 1; got {self}")

    @property
    def steps_per_epoch(self) -> int:
        return -(-SIZES[self.size] // BATCH_SIZE)

    @property
    def total_steps(self) -> int:
        """Optimiser steps of all networks together."""
        return self.steps_per_epoch * self.epochs * len(self.activations)


@dataclass(frozen=True)
class Step:
    """One optimiser step of one network, as the progress callback sees it."""

    activation: str
    epoch: int  # 0-based
    step: int  # 0-based within the epoch
    loss: float
    accuracy: float  # on this batch
    done: int  # steps of every network so far (1..plan.total_steps)
    total: int
    val_accuracy: float | None = None  # set on the last step of an epoch


@dataclass
class Curves:
    """What one network did: per step and per epoch."""

    step_loss: list[float] = field(default_factory=list)
    step_acc: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_acc: list[float] = field(default_factory=list)


@dataclass
class Outcome:
    """The result of ``train_live``: the networks (eval mode), their curves, held-out figures."""

    plan: Plan
    models: dict[str, nn.Module]
    curves: dict[str, Curves]
    stopped: bool
    seconds: float
    held_out: dict[str, float] = field(default_factory=dict)  # activation -> accuracy on the val set
    confusion: dict[str, np.ndarray] = field(default_factory=dict)  # (true, predicted) counts

    @property
    def best(self) -> str | None:
        return max(self.held_out, key=lambda a: self.held_out[a]) if self.held_out else None


def _new_model(activation: str, variant: str, seed: int) -> nn.Module:
    with _INIT_LOCK, torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return cnn.build_model(activation, variant)


def _scores(model: nn.Module, X: torch.Tensor, y: torch.Tensor) -> tuple[float, float, np.ndarray]:
    """(mean loss, accuracy, confusion counts) on a whole set, in eval mode."""
    loss_fn = nn.CrossEntropyLoss(reduction="sum")
    model.eval()
    total, predicted = 0.0, []
    with torch.inference_mode():
        for i in range(0, len(X), EVAL_BATCH):
            logits = model(X[i : i + EVAL_BATCH])
            total += float(loss_fn(logits, y[i : i + EVAL_BATCH]))
            predicted.append(logits.argmax(1))
    pred = torch.cat(predicted).numpy()
    truth = y.numpy()
    k = len(CLASSES)
    confusion = np.bincount(truth * k + pred, minlength=k * k).reshape(k, k)
    return total / len(X), float((pred == truth).mean()), confusion


def train_live(
    plan: Plan,
    *,
    on_step: Callable[[Step], None] | None = None,
    stop: threading.Event | None = None,
    data: LazySet | None = None,
    val: tuple[torch.Tensor, torch.Tensor] | None = None,
    threads: int | None = None,
) -> Outcome:
    """Train one network per activation of ``plan``, one step of each in turn.

    ``on_step`` is called after every optimiser step (from this thread). ``stop`` is checked before
    every step and while images are drawn: once set, the networks are returned as they are,
    ``stopped=True`` and no held-out figures. ``data``/``val`` replace the cached sets (tests).
    """
    started = time.perf_counter()
    torch.set_num_threads(threads or THREADS)
    data = data if data is not None else training_set(plan.size, plan.seed)
    models = {a: _new_model(a, plan.variant, plan.seed) for a in plan.activations}
    optimisers = {a: torch.optim.Adam(m.parameters(), lr=plan.lr) for a, m in models.items()}
    per_epoch = -(-len(data) // BATCH_SIZE)
    schedulers = {
        a: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=plan.lr, total_steps=plan.epochs * per_epoch)
        for a, o in optimisers.items()
    }
    orders = {a: torch.Generator().manual_seed(plan.seed) for a in plan.activations}
    curves = {a: Curves() for a in plan.activations}
    loss_fn = nn.CrossEntropyLoss()
    total = per_epoch * plan.epochs * len(models)
    done = 0
    stopped = False
    try:
        for epoch in range(plan.epochs):
            batches = {a: torch.randperm(len(data), generator=g).split(BATCH_SIZE) for a, g in orders.items()}
            for m in models.values():
                m.train()
            for k in range(per_epoch):
                for a, model in models.items():
                    if stop is not None and stop.is_set():
                        raise Stopped
                    idx = batches[a][k]
                    X, y = data.batch(idx.numpy(), stop)
                    logits = model(X)
                    loss = loss_fn(logits, y)
                    optimisers[a].zero_grad(set_to_none=True)
                    loss.backward()
                    optimisers[a].step()
                    schedulers[a].step()
                    done += 1
                    value = float(loss.detach())
                    accuracy = float((logits.argmax(1) == y).float().mean())
                    curves[a].step_loss.append(value)
                    curves[a].step_acc.append(accuracy)
                    val_acc = None
                    if k == per_epoch - 1:
                        if stop is not None and stop.is_set():
                            raise Stopped
                        Xv, yv = val if val is not None else validation_set(stop)
                        val_loss, val_acc, _ = _scores(model, Xv, yv)
                        curves[a].val_loss.append(val_loss)
                        curves[a].val_acc.append(val_acc)
                        model.train()
                    if on_step is not None:
                        on_step(Step(a, epoch, k, value, accuracy, done, total, val_acc))
    except Stopped:
        stopped = True
    for m in models.values():
        m.eval()
    optimisers.clear()
    schedulers.clear()
    outcome = Outcome(plan, models, curves, stopped, 0.0)
    if not stopped:
        Xv, yv = val if val is not None else validation_set()
        for a, m in models.items():
            _, outcome.held_out[a], outcome.confusion[a] = _scores(m, Xv, yv)
    outcome.seconds = time.perf_counter() - started
    return outcome


_SHIPPED: dict[tuple[str, str], float | None] = {}


def shipped_accuracy(activation: str, variant: str) -> float | None:
    """The shipped network's accuracy on the same held-out images (None when it is not shipped)."""
    key = (activation, variant)
    if key not in _SHIPPED:
        try:
            model = cnn.load_model(activation, variant)
        except FileNotFoundError:
            _SHIPPED[key] = None
        else:
            Xv, yv = validation_set()
            _SHIPPED[key] = _scores(model, Xv, yv)[1]
    return _SHIPPED[key]
