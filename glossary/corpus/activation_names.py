"""The activation registry's names, importable without NumPy.

The parser checks an entry's ``activation:`` against them while loading content, which every page does,
while only activation pages need the maths of :mod:`glossary.maths.activations` (and NumPy, ~0.1 s to import).
:mod:`glossary.maths.activations` refuses to import when its registry and this tuple disagree.
"""

NAMES: tuple[str, ...] = (
    "relu", "leaky_relu", "sigmoid", "tanh", "softmax", "elu",
    "gelu", "silu", "softplus", "mish", "log_softmax",
)  # fmt: skip
