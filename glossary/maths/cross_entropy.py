"""Cross-entropy from logits: the multi-class loss with softmax, the naive formula that breaks at large
logits, and the binary case with the sigmoid (BCE with logits).

    p = softmax(z),  L = −log p_t = −log_softmax(z)_t,  ∂L/∂z = p − y  (y the one-hot target)
    binary: p = σ(z),  L = max(z, 0) − z·y + log(1 + e^{−|z|}),  ∂L/∂z = σ(z) − y

The naive forms are computed exactly as written (and break where float64 does); the stable ones are
what ``torch.nn.functional.cross_entropy`` and ``binary_cross_entropy_with_logits`` compute. The tests
hold both against torch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from glossary.maths import activations


@dataclass(frozen=True)
class CrossEntropy:
    logits: np.ndarray
    target: int
    probs: np.ndarray  # softmax(z)
    log_probs: np.ndarray  # log_softmax(z), finite at any finite logits
    loss: float  # −log_softmax(z)[target]
    grad: np.ndarray  # ∂L/∂z = p − one_hot(target)
    naive_log_probs: np.ndarray  # log(exp(z) / Σ exp(z)) as written: −inf or NaN at large logits
    naive_loss: float


@dataclass(frozen=True)
class Binary:
    logit: float
    label: int
    p: float  # σ(z)
    loss: float  # BCE with logits (stable)
    grad: float  # σ(z) − y
    # −[y·log σ(z) + (1 − y)·log(1 − σ(z))] as written: once σ(z) rounds to 1 (z > 37) it is inf for
    # y = 0 (log 0) and NaN for y = 1 (0·log 0 = 0·(−inf))
    naive_loss: float


def naive_log_softmax(logits: Sequence[float] | np.ndarray) -> np.ndarray:
    """log(exp(z) / Σ exp(z)) exactly as written, float64: exp overflows to inf above z ≈ 709 (then
    inf/inf = NaN) and underflows to 0 below z ≈ −745 (then log 0 = −inf)."""
    z = np.asarray(logits, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        e = np.exp(z)
        return np.log(e / e.sum())


def cross_entropy(logits: Sequence[float] | np.ndarray, target: int) -> CrossEntropy:
    """Softmax probabilities, the loss −log p_t (via log-softmax), its gradient p − y and the naive
    log(softmax) beside it, for one example."""
    z = np.asarray(logits, dtype=np.float64)
    if z.ndim != 1 or z.size < 2:
        raise ValueError(f"logits must be a vector of at least 2 numbers, got shape {z.shape}")
    if not 0 <= int(target) < z.size:
        raise ValueError(f"target must be a class index in [0, {z.size - 1}], got {target}")
    t = int(target)
    probs = activations.softmax(z)
    log_probs = activations.log_softmax(z)
    grad = probs.copy()
    grad[t] -= 1.0
    naive = naive_log_softmax(z)
    return CrossEntropy(z, t, probs, log_probs, float(-log_probs[t]), grad, naive, float(-naive[t]))


def binary(logit: float, label: int) -> Binary:
    """Binary cross-entropy of one logit z against a label y ∈ {0, 1}, stable and naive."""
    if label not in (0, 1):
        raise ValueError(f"label must be 0 or 1, got {label!r}")
    z = float(logit)
    p = float(activations.sigmoid(np.float64(z)))
    # NOTE: max(z, 0) − z·y + log1p(e^{−|z|}) is −[y·log σ(z) + (1 − y)·log(1 − σ(z))] rearranged so
    # that nothing overflows or takes log 0 (torch's binary_cross_entropy_with_logits).
    loss = max(z, 0.0) - z * label + float(np.log1p(np.exp(-abs(z))))
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        naive_p = 1.0 / (1.0 + np.exp(np.float64(-z)))  # as written: 1.0 exactly once z > 37
        naive = -(label * np.log(naive_p) + (1 - label) * np.log(1.0 - naive_p))
    return Binary(z, int(label), p, loss, p - label, float(naive) + 0.0)  # + 0.0: no "−0" shown
