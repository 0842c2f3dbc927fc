"""Generated shape images for the mini CNN, and the path a user's picture takes to reach it.

No torch here: the UI can draw samples and validate uploads without loading the network.

Public API
----------
``CLASSES``       tuple of ``ShapeClass(key, pl, en)``; the label of class ``i`` is ``CLASSES[i]``.
``make_image(cls, *, size=None, rotation=None, noise=None, seed=0, style="solid")``
                  one ``(3, 30, 30)`` float32 image in ``[0, 1]``; ``None`` means "drawn from seed".
``generate(n, seed, *, styles=STYLES)`` -> ``(X, y)``: ``X`` float32 ``(n, 3, 30, 30)``, ``y`` int64
                  ``(n,)``, classes balanced (counts differ by at most one), deterministic per seed.
``prepare(data)`` bytes / file-like upload / PIL image / numpy array of any size, greyscale, RGB or
                  RGBA (transparent pixels composited on white) -> ``(3, 30, 30)`` float32.
``ImageError``    raised by ``prepare`` for uploads that are too big, not images or bombs;
                  ``.code`` is a stable key for a translated message.

Two styles feed the network. ``"solid"``: a filled or outlined shape in random colours on a random
background with pixel noise, rendered at 120x120. ``"drawing"``: what people make on a canvas: mostly
dark, wobbly, not-quite-closed outlines on a light background (sometimes filled, sometimes light on
dark), rendered at 200x200. Both are scaled down by ``prepare``, the same code a user's drawing goes
through, so the network never sees a resize it will not meet in the app.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
from PIL import Image, ImageDraw, ImageOps

__all__ = [
    "CLASSES",
    "IMAGE_SIZE",
    "MAX_PIXELS",
    "MAX_UPLOAD_BYTES",
    "STYLES",
    "ImageError",
    "ShapeClass",
    "class_index",
    "generate",
    "make_image",
    "prepare",
]

IMAGE_SIZE = 30
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Pillow's own guard warns above Image.MAX_IMAGE_PIXELS (~89 Mpx) and raises above twice that; a
# drawing or photo for a 30x30 network never needs more than 4096x4096, so we refuse earlier.
MAX_PIXELS = 4096 * 4096
STYLES = ("solid", "drawing")
_CANVAS = {"solid": 120, "drawing": 200}


class ShapeClass(NamedTuple):
    key: str
    pl: str
    en: str


CLASSES: tuple[ShapeClass, ...] = (
    ShapeClass("circle", "koło", "circle"),
    ShapeClass("square", "kwadrat", "square"),
    ShapeClass("triangle", "trójkąt", "triangle"),
    ShapeClass("cross", "krzyżyk", "cross"),
    ShapeClass("line", "linia", "line"),
    ShapeClass("star", "gwiazda", "star"),
)


class ImageError(ValueError):
    """An upload that cannot become a network input; ``code`` names the reason for translations.

    Codes: ``too_large`` (bytes over 5 MB), ``too_many_pixels`` (decompression-bomb guard),
    ``not_image`` (Pillow cannot read it), ``empty`` (zero-sized array), ``bad_array`` (unusable shape).
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def class_index(cls: int | str) -> int:
    """Index of a class given as index, key (``"circle"``), Polish or English name."""
    if isinstance(cls, int | np.integer):
        if not 0 <= int(cls) < len(CLASSES):
            raise ValueError(f"class index {cls} out of range 0..{len(CLASSES) - 1}")
        return int(cls)
    for i, c in enumerate(CLASSES):
        if cls in (c.key, c.pl, c.en):
            return i
    raise ValueError(f"unknown class {cls!r}; known: {', '.join(c.key for c in CLASSES)}")


# ---------------------------------------------------------------------------------------------------
# Geometry: each class is a list of strokes (points in a unit frame, |x|,|y| <= 1, y up) + fill polygon.


class _Strokes(NamedTuple):
    strokes: list[tuple[np.ndarray, bool]]  # (points (k, 2), closed)
    fill: np.ndarray | None  # polygon to fill, None when the class has no area (line, cross strokes)


def _ring(n: int, rx: float, ry: float, start: float = 0.0) -> np.ndarray:
    t = start + np.linspace(0.0, 2 * np.pi, n, endpoint=False)
    return np.stack([rx * np.cos(t), ry * np.sin(t)], axis=1)


def _geometry(key: str, rng: np.random.Generator, drawing: bool) -> _Strokes:
    if key == "circle":
        aspect = rng.uniform(0.8, 1.2) if drawing else rng.uniform(0.9, 1.1)
        pts = _ring(72, min(1.0, aspect), min(1.0, 1 / aspect), rng.uniform(0, 2 * np.pi))
        return _Strokes([(pts, True)], pts)
    if key == "square":
        aspect = rng.uniform(0.8, 1.25)
        hx, hy = 0.72 * min(1.0, aspect), 0.72 * min(1.0, 1 / aspect)
        pts = np.array([[-hx, -hy], [hx, -hy], [hx, hy], [-hx, hy]])
        pts = pts + rng.normal(0, 0.04 if drawing else 0.01, pts.shape)
        return _Strokes([(pts, True)], pts)
    if key == "triangle":
        angles = np.deg2rad(np.array([90.0, 210.0, 330.0]) + rng.uniform(-14, 14, 3))
        radii = rng.uniform(0.85, 1.0, 3)
        pts = np.stack([radii * np.cos(angles), radii * np.sin(angles)], axis=1)
        return _Strokes([(pts, True)], pts)
    if key == "cross":
        arm = rng.uniform(0.75, 1.0, 4)
        if rng.random() < 0.2:  # the outline of a plus sign
            w = rng.uniform(0.18, 0.3)
            pts = np.array(
                [
                    [w, w], [w, arm[0]], [-w, arm[0]], [-w, w], [-arm[1], w], [-arm[1], -w],
                    [-w, -w], [-w, -arm[2]], [w, -arm[2]], [w, -w], [arm[3], -w], [arm[3], w],
                ]
            )  # fmt: skip
            return _Strokes([(pts, True)], pts)
        skew = rng.normal(0, 0.06, 2)
        h = np.array([[-arm[1], skew[0]], [arm[3], -skew[0]]])
        v = np.array([[skew[1], -arm[2]], [-skew[1], arm[0]]])
        return _Strokes([(h, False), (v, False)], None)
    if key == "line":
        half = rng.uniform(0.8, 1.0)
        return _Strokes([(np.array([[-half, 0.0], [half, 0.0]]), False)], None)
    if key == "star":
        outer = 90.0 + np.arange(5) * 72.0
        if drawing and rng.random() < 0.5:  # the pentagram people draw without lifting the pen
            a = np.deg2rad(outer[[0, 2, 4, 1, 3]])
            pts = np.stack([np.cos(a), np.sin(a)], axis=1)
            return _Strokes([(pts, True)], None)
        inner = rng.uniform(0.35, 0.5)
        a = np.deg2rad(np.repeat(outer, 2) + np.tile([0.0, 36.0], 5))
        r = np.tile([1.0, inner], 5)
        pts = np.stack([r * np.cos(a), r * np.sin(a)], axis=1)
        return _Strokes([(pts, True)], pts)
    raise ValueError(f"no geometry for class {key!r}")


def _resample(points: np.ndarray, closed: bool, n: int) -> np.ndarray:
    """Points evenly spaced along the polyline (closing it when ``closed``)."""
    path = np.vstack([points, points[:1]]) if closed else points
    seg = np.linalg.norm(np.diff(path, axis=0), axis=1)
    s = np.concatenate([[0.0], np.cumsum(seg)])
    t = np.linspace(0.0, s[-1], n)
    return np.stack([np.interp(t, s, path[:, 0]), np.interp(t, s, path[:, 1])], axis=1)


def _wobble(points: np.ndarray, rng: np.random.Generator, amount: float) -> np.ndarray:
    """Hand-drawn jitter: a smooth low-frequency drift plus a little tremor."""
    t = np.linspace(0.0, 1.0, len(points))[:, None]
    drift = np.zeros_like(points)
    for k in (1, 2, 3):
        drift += rng.normal(0, amount / k, 2) * np.sin(2 * np.pi * k * t + rng.uniform(0, 2 * np.pi, 2))
    return points + drift + rng.normal(0, amount * 0.08, points.shape)


# ---------------------------------------------------------------------------------------------------
# Colours


def _luminance(rgb: np.ndarray) -> float:
    return float(rgb @ np.array([0.299, 0.587, 0.114]))


def _colours(rng: np.random.Generator, drawing: bool) -> tuple[np.ndarray, np.ndarray]:
    if drawing:
        paper = np.clip(rng.uniform(0.86, 1.0) + rng.normal(0, 0.03, 3), 0, 1)
        while True:
            ink = rng.uniform(0, 1, 3) * rng.uniform(0.1, 0.8)
            if _luminance(ink) < 0.35:
                break
        return (ink, paper) if rng.random() < 0.2 else (paper, ink)  # (background, foreground)
    while True:
        bg, fg = rng.uniform(0, 1, 3), rng.uniform(0, 1, 3)
        if abs(_luminance(bg) - _luminance(fg)) > 0.3:
            return bg, fg


def _rgb8(c: np.ndarray) -> tuple[int, int, int]:
    r, g, b = (round(float(v) * 255) for v in c)
    return r, g, b


# ---------------------------------------------------------------------------------------------------
# Rendering


def make_image(
    cls: int | str,
    *,
    size: float | None = None,
    rotation: float | None = None,
    noise: float | None = None,
    seed: int = 0,
    style: str = "solid",
) -> np.ndarray:
    """One ``(3, 30, 30)`` float32 image of class ``cls`` in ``[0, 1]``, fully determined by the arguments.

    ``size``: the shape's extent as a fraction of the image side (0.3..0.95; random 0.36..0.92);
    ``rotation``: degrees counter-clockwise (random); ``noise``: std of Gaussian pixel noise (random,
    up to 0.1 solid / 0.03 drawing); ``style``: ``"solid"`` or ``"drawing"`` (see the module docstring).
    """
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; known: {', '.join(STYLES)}")
    key = CLASSES[class_index(cls)].key
    drawing = style == "drawing"
    rng = np.random.default_rng([seed, class_index(cls), STYLES.index(style)])
    canvas = _CANVAS[style]

    radius = 0.5 * (rng.uniform(0.36, 0.92) if size is None else float(np.clip(size, 0.3, 0.95)))
    angle = np.deg2rad(rng.uniform(0, 360) if rotation is None else rotation)
    sigma = (rng.uniform(0, 0.03 if drawing else 0.1)) if noise is None else float(noise)
    centre = rng.uniform(radius + 0.03, 1 - radius - 0.03, 2) if radius < 0.47 else np.array([0.5, 0.5])
    width = rng.uniform(0.015, 0.09) if drawing else rng.uniform(0.03, 0.11)
    filled = rng.random() < (0.2 if drawing else 0.5)
    jitter = rng.uniform(0.0, 0.07) if drawing else rng.uniform(0.0, 0.015)
    bg, fg = _colours(rng, drawing)

    geometry = _geometry(key, rng, drawing)
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])

    def to_canvas(pts: np.ndarray) -> list[tuple[float, float]]:
        xy = pts @ rot.T * radius
        return [(float(canvas * (centre[0] + x)), float(canvas * (centre[1] - y))) for x, y in xy]

    img = Image.new("RGB", (canvas, canvas), _rgb8(bg))
    draw = ImageDraw.Draw(img)
    if filled and geometry.fill is not None:
        fill = _resample(geometry.fill, True, 96)
        draw.polygon(to_canvas(_wobble(fill, rng, jitter * 0.5)), fill=_rgb8(fg))
    else:
        stroke = max(1, round(width * canvas))
        if key == "cross" and geometry.fill is None and filled:
            stroke = max(stroke, round(rng.uniform(0.12, 0.22) * canvas * radius * 2))
        for pts, closed in geometry.strokes:
            path = _resample(pts, closed, 80)
            if drawing and closed:  # a pen rarely lands exactly where it started
                extra = int(rng.uniform(-0.06, 0.1) * len(path))
                path = np.vstack([path, path[1 : extra + 1]]) if extra > 0 else path[: len(path) + extra]
            xy = to_canvas(_wobble(path, rng, jitter))
            draw.line(xy, fill=_rgb8(fg), width=stroke, joint="curve")
            r = stroke / 2  # round caps, like a canvas brush
            for x, y in (xy[0], xy[-1]):
                draw.ellipse([x - r, y - r, x + r, y + r], fill=_rgb8(fg))

    image = prepare(img)
    if sigma > 0:
        image = np.clip(image + rng.normal(0, sigma, image.shape).astype(np.float32), 0.0, 1.0)
    return image


def generate(n: int, seed: int, *, styles: Sequence[str] = STYLES) -> tuple[np.ndarray, np.ndarray]:
    """``n`` images with balanced labels (round-robin, shuffled) and styles alternating; deterministic."""
    rng = np.random.default_rng([seed, 0xC1A55])
    y = rng.permutation(np.arange(n) % len(CLASSES)).astype(np.int64)
    seeds = rng.integers(0, 2**31, n)
    X = np.empty((n, 3, IMAGE_SIZE, IMAGE_SIZE), dtype=np.float32)
    for i in range(n):
        X[i] = make_image(int(y[i]), seed=int(seeds[i]), style=styles[i % len(styles)])
    return X, y


# ---------------------------------------------------------------------------------------------------
# prepare: any picture -> network input


def _read_upload(data: Any) -> bytes:
    if hasattr(data, "getvalue"):  # io.BytesIO, Streamlit's UploadedFile
        data = data.getvalue()
    elif hasattr(data, "read"):
        data = data.read(MAX_UPLOAD_BYTES + 1)
    raw = bytes(data)
    if len(raw) > MAX_UPLOAD_BYTES:
        raise ImageError(
            "too_large", f"the file is {len(raw) / 2**20:.1f} MB; the limit is {MAX_UPLOAD_BYTES // 2**20} MB"
        )
    if not raw:
        raise ImageError("not_image", "the file is empty, not an image")
    return raw


def _check_pixels(width: int, height: int) -> None:
    limit = min(MAX_PIXELS, Image.MAX_IMAGE_PIXELS or MAX_PIXELS)
    if width * height > limit:
        raise ImageError(
            "too_many_pixels",
            f"the image is {width}x{height} pixels; at most {limit:,} pixels are accepted "
            "(a decompression bomb guard)",
        )


def _open(raw: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(raw))
            _check_pixels(*img.size)  # before decoding: the header is enough
            img.load()
            return ImageOps.exif_transpose(img) or img
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageError(
            "too_many_pixels", f"the image has too many pixels (a decompression bomb?): {exc}"
        ) from exc
    except ImageError:
        raise
    except Exception as exc:  # Pillow raises several types for broken or foreign files
        raise ImageError(
            "not_image", f"this file is not an image Pillow can read ({type(exc).__name__})"
        ) from exc


def _array_to_image(arr: np.ndarray) -> Image.Image:
    a = np.asarray(arr)
    if a.size == 0:
        raise ImageError("empty", "the array is empty")
    if a.ndim == 3 and a.shape[0] in (1, 3, 4) and a.shape[-1] not in (1, 3, 4):
        a = np.moveaxis(a, 0, -1)  # channels first -> channels last
    if a.ndim == 3 and a.shape[-1] == 1:
        a = a[..., 0]
    if a.ndim not in (2, 3) or (a.ndim == 3 and a.shape[-1] not in (3, 4)):
        raise ImageError("bad_array", f"expected (H, W), (H, W, 3|4) or (3|4, H, W); got shape {a.shape}")
    _check_pixels(a.shape[1], a.shape[0])
    if a.dtype != np.uint8:
        a = np.nan_to_num(a.astype(np.float64))
        a = a * 255.0 if a.max(initial=0.0) <= 1.0 else a  # floats in [0, 1] or already 0..255
        a = np.clip(np.rint(a), 0, 255).astype(np.uint8)
    return Image.fromarray(a)


def _to_rgb(img: Image.Image) -> Image.Image:
    if img.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        a = np.asarray(img, dtype=np.float64)
        top = a.max(initial=0.0)
        img = Image.fromarray(np.uint8(np.clip(a / top * 255 if top > 0 else a, 0, 255)))
    if img.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in img.info:
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return img.convert("RGB")


def _pad_square(img: Image.Image) -> Image.Image:
    w, h = img.size
    if w == h:
        return img
    # NOTE: read the border from 1-pixel strips, not np.asarray(img): a full copy of a large upload
    edges = [(0, 0, w, 1), (0, h - 1, w, h), (0, 0, 1, h), (w - 1, 0, w, h)]
    border = np.concatenate([np.asarray(img.crop(box)).reshape(-1, 3) for box in edges])
    colour = tuple(int(v) for v in np.median(border, axis=0))
    side = max(w, h)
    square = Image.new("RGB", (side, side), colour)
    square.paste(img, ((side - w) // 2, (side - h) // 2))
    return square


def prepare(data: Any) -> np.ndarray:
    """Turn an upload, a PIL image or an array into the ``(3, 30, 30)`` float32 input in ``[0, 1]``.

    Bytes and file-like objects are decoded with Pillow (over 5 MB, over ``MAX_PIXELS`` pixels or
    unreadable -> ``ImageError``); transparency is composited on white (a canvas's empty pixels are
    transparent); a non-square picture is padded with its border colour; then one box-filter resize
    (area averaging, so a thin stroke fades instead of vanishing) to 30x30.
    """
    if isinstance(data, Image.Image):
        _check_pixels(*data.size)
        img = data
    elif isinstance(data, np.ndarray):
        img = _array_to_image(data)
    else:
        img = _open(_read_upload(data))
    if img.width == 0 or img.height == 0:
        raise ImageError("empty", "the image has no pixels")
    rgb = _to_rgb(img)
    del img  # the decoded original is not needed once converted
    factor = min(rgb.size) // (IMAGE_SIZE * 8)
    if factor > 1:  # shrink a large picture early (box filter) so padding never copies it at full size
        rgb = rgb.reduce(factor)
    rgb = _pad_square(rgb)
    shrinking = rgb.width >= IMAGE_SIZE
    small = rgb.resize(
        (IMAGE_SIZE, IMAGE_SIZE), Image.Resampling.BOX if shrinking else Image.Resampling.BILINEAR
    )
    return np.ascontiguousarray(np.asarray(small, dtype=np.float32).transpose(2, 0, 1) / 255.0)
