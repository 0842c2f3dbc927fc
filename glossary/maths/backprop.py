"""Backpropagation by hand on the smallest network that has a hidden layer: 2 inputs, 2 hidden units,
1 output, one example.

    z₁ = W₁·x + b₁,  h = f(z₁),  z₂ = w₂·h + b₂,  ŷ = σ(z₂),  L = ½(ŷ − t)²

:func:`backprop` returns every forward value and every gradient ∂L/∂(·), each written out as the chain
rule computes it (no autograd), and the loss after one gradient step p ← p − lr·∂L/∂p. The tests hold
it equal to ``torch.autograd`` to 1e-10 in float64.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from glossary.maths import activations

# The textbook start (Mazur's worked example): the same numbers a reader can check on paper.
W1 = np.array([[0.15, 0.20], [0.25, 0.30]])  # W1[j, i]: input i -> hidden j
B1 = np.array([0.35, 0.35])
W2 = np.array([0.40, 0.45])  # hidden j -> output
B2 = 0.60


@dataclass(frozen=True)
class Params:
    w1: np.ndarray  # (2, 2)
    b1: np.ndarray  # (2,)
    w2: np.ndarray  # (2,)
    b2: float

    def step(self, grads: Params, lr: float) -> Params:
        """One step of gradient descent: p − lr·∂L/∂p for every parameter."""
        return Params(
            self.w1 - lr * grads.w1, self.b1 - lr * grads.b1, self.w2 - lr * grads.w2, self.b2 - lr * grads.b2
        )


@dataclass(frozen=True)
class Forward:
    x: np.ndarray  # (2,)
    z1: np.ndarray  # (2,)
    h: np.ndarray  # (2,)
    z2: float
    y: float  # ŷ = σ(z₂)
    loss: float


@dataclass(frozen=True)
class Backprop:
    """One example through the network and back, and the loss after one step."""

    activation: str
    target: float
    lr: float
    params: Params
    forward: Forward
    dy: float  # ∂L/∂ŷ = ŷ − t
    dz2: float  # ∂L/∂z₂ = ∂L/∂ŷ · σ'(z₂)
    dh: np.ndarray  # ∂L/∂h_j = ∂L/∂z₂ · w₂[j]
    dz1: np.ndarray  # ∂L/∂z₁_j = ∂L/∂h_j · f'(z₁_j)
    dx: np.ndarray  # ∂L/∂x_i = Σ_j ∂L/∂z₁_j · W₁[j, i]
    grads: Params  # ∂L/∂W₁ = dz1 ⊗ x, ∂L/∂b₁ = dz1, ∂L/∂w₂ = dz2·h, ∂L/∂b₂ = dz2
    after: Params
    loss_after: float


def start(seed: int = 0) -> Params:
    """The textbook weights for seed 0; otherwise weights drawn from N(0, 1) (a repeatable draw)."""
    if seed == 0:
        return Params(W1.copy(), B1.copy(), W2.copy(), B2)
    rng = np.random.default_rng(seed)
    draw = rng.standard_normal(9)
    return Params(draw[:4].reshape(2, 2), draw[4:6], draw[6:8], float(draw[8]))


def run_forward(params: Params, x: np.ndarray, target: float, activation: str) -> Forward:
    act = activations.get(activation)
    if not act.elementwise:
        raise ValueError(f"the hidden layer needs an elementwise activation, got {activation!r}")
    x = np.asarray(x, dtype=np.float64)
    z1 = params.w1 @ x + params.b1
    h = act.forward(z1)
    z2 = float(params.w2 @ h + params.b2)
    y = float(activations.sigmoid(np.float64(z2)))
    return Forward(x, z1, h, z2, y, 0.5 * (y - target) ** 2)


def backprop(
    x1: float, x2: float, target: float, activation: str = "sigmoid", lr: float = 0.5, seed: int = 0
) -> Backprop:
    """Forward, backward (the chain rule, one node at a time) and one gradient step for one example."""
    params = start(seed)
    fwd = run_forward(params, np.array([x1, x2], dtype=np.float64), float(target), activation)
    dy = fwd.y - target
    dz2 = dy * float(activations.sigmoid_grad(np.float64(fwd.z2)))
    dh = dz2 * params.w2
    dz1 = dh * activations.get(activation).derivative(fwd.z1)
    dx = params.w1.T @ dz1
    grads = Params(np.outer(dz1, fwd.x), dz1, dz2 * fwd.h, dz2)
    after = params.step(grads, lr)
    loss_after = run_forward(after, fwd.x, float(target), activation).loss
    return Backprop(
        activation, float(target), float(lr), params, fwd, dy, dz2, dh, dz1, dx, grads, after, loss_after
    )
