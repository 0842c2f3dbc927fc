"""Single-image inference speed of the mini CNN (target: predict median <= 10 ms on the 2-core box).

Run: ``python -m benchmarks.bench_cnn [--quick]``. Prints medians and ratios against a baseline
measured in the same run: the bare ``model(x)`` forward pass, so the ratio is what the API (array
checks, softmax, NumPy conversion) adds on top of the network itself. The target is judged on the
variant the app shows (``_app_variant``); other shipped variants are timed for information. When no
relu model is trained yet (they are trained into ``glossary/cnn/weights/``), the figure is reported as
missing.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import numpy as np
import torch
from PIL import Image, ImageDraw

from benchmarks.common import Figure, at_most, quick_cli
from glossary.cnn import model as cnn

REPEATS = 200
TARGET_MS = 10.0
GROUP = "cnn"


def medians_ms(fns: dict[str, Callable[[], object]], repeats: int = REPEATS) -> dict[str, float]:
    """Median ms per function, timed round-robin so a burst of load from other users hits all alike."""
    for fn in fns.values():  # warm-up: allocator, oneDNN primitive cache
        for _ in range(10):
            fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) * 1000 for name, t in times.items()}


def canvas() -> Image.Image:
    img = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    ImageDraw.Draw(img).ellipse([40, 50, 160, 150], outline=(0, 0, 0, 255), width=8)
    return img


def _missing(reason: str) -> list[Figure]:
    return [Figure("CNN predict, one 28x28 image (median)", "missing", "", f"<= {TARGET_MS:.0f} ms", reason,
                   None, GROUP)]  # fmt: skip


def _app_variant(shipped: list[str]) -> str:
    """The variant the CNN demo loads: the default one if trained, else the first trained one."""
    return cnn.DEFAULT_VARIANT if cnn.DEFAULT_VARIANT in shipped else shipped[0]


def run(quick: bool = False) -> list[Figure]:
    """Per shipped variant of relu's CNN: predict / feature_maps / canvas medians against the bare
    forward pass timed in the same rounds. Models not trained yet are reported as missing."""
    repeats = 50 if quick else REPEATS
    torch.set_num_threads(min(cnn.THREADS, torch.get_num_threads()))
    shipped = [m.variant for m in cnn.available_models() if m.activation == "relu"]
    if not shipped:
        return _missing(f"no relu model in {cnn.MODELS_DIR} (python -m glossary.cnn train)")
    image = cnn.make_image("circle", seed=1)
    drawing = canvas()
    threads = f"{torch.get_num_threads()} torch threads, median of {repeats}"
    figures = []
    app_variant = _app_variant(shipped)
    for variant in shipped:
        try:
            model = cnn.load_model("relu", variant)
        except Exception as exc:  # a model being written by the trainer right now: report, do not crash
            figures += _missing(f"{variant}_relu did not load: {type(exc).__name__}: {exc}"[:100])
            continue
        x = torch.from_numpy(image)[None]

        def bare(model: torch.nn.Module = model, x: torch.Tensor = x) -> object:
            with torch.inference_mode():
                return model(x)

        ms = medians_ms(
            {
                "forward": bare,
                "predict": lambda model=model: cnn.predict(model, image),
                "feature_maps": lambda model=model: cnn.feature_maps(model, image),
                "canvas": lambda model=model: cnn.predict(model, drawing),
            },
            repeats,
        )
        base = ms["forward"]
        baseline = f"bare model(x): {base:.2f} ms; {threads}"
        pred = ms["predict"]
        judged = variant == app_variant
        target = f"<= {TARGET_MS:.0f} ms" if judged else f"(info: app shows {app_variant})"
        figures += [
            Figure(f"CNN predict, one 28x28 image ({variant}, median)", pred, "ms", target,
                   f"{baseline}; {pred / base:.2f}x", at_most(pred, TARGET_MS) if judged else None, GROUP),
            Figure(f"CNN feature_maps ({variant}, median)", ms["feature_maps"], "ms", "",
                   f"{ms['feature_maps'] / base:.2f}x bare forward", None, GROUP),
            Figure(f"CNN predict from a 200x200 RGBA canvas ({variant}, median)", ms["canvas"], "ms", "",
                   f"{ms['canvas'] / base:.2f}x bare forward", None, GROUP),
        ]  # fmt: skip
    arr = np.asarray(drawing)
    prep = medians_ms({"p": lambda: cnn.prepare(arr)}, repeats)["p"]
    figures.append(Figure("cnn.prepare(200x200 RGBA array) (median)", prep, "ms", "", "", None, GROUP))
    return figures


def main() -> None:
    quick_cli(run, __doc__, "mini CNN", f"50 repeats instead of {REPEATS}")


if __name__ == "__main__":
    main()
