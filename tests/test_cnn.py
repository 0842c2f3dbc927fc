"""Tests for the mini CNN (glossary.cnn) and its image generator / input path (glossary.cnn.shapes)."""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import zlib

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw

from glossary.cnn import model as cnn
from glossary.cnn import shapes
from glossary.cnn.shapes import CLASSES, ImageError, generate, make_image, prepare

FRESH_SEED = 4_242_424  # neither TRAIN_SEED, VAL_SEED nor EVAL_SEED
MODELS = [(v, a) for v in cnn.VARIANTS for a in cnn.ACTIVATIONS]


# --- generator --------------------------------------------------------------------------------------


def test_generate_is_deterministic_per_seed() -> None:
    X1, y1 = generate(48, 5)
    X2, y2 = generate(48, 5)
    X3, _ = generate(48, 6)
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2)
    assert not np.array_equal(X1, X3)
    assert X1.shape == (48, 3, 30, 30) and X1.dtype == np.float32 and y1.dtype == np.int64
    assert X1.min() >= 0.0 and X1.max() <= 1.0


@pytest.mark.parametrize("n", [6, 61, 200])
def test_generate_balances_classes(n: int) -> None:
    _, y = generate(n, 9)
    counts = np.bincount(y, minlength=len(CLASSES))
    assert counts.max() - counts.min() <= 1 and counts.sum() == n


@pytest.mark.parametrize("style", shapes.STYLES)
def test_make_image_is_a_function_of_its_arguments(style: str) -> None:
    a = make_image("triangle", seed=3, style=style)
    assert np.array_equal(a, make_image(2, seed=3, style=style))  # key and index name the same class
    assert np.array_equal(a, make_image("trójkąt", seed=3, style=style))  # so does the Polish name
    assert not np.array_equal(a, make_image("triangle", seed=4, style=style))
    rotated = make_image("triangle", seed=3, style=style, rotation=40.0)
    assert not np.array_equal(rotated, make_image("triangle", seed=3, style=style, rotation=100.0))


def test_make_image_size_and_noise_parameters_act() -> None:
    def ink(img: np.ndarray) -> float:  # pixels that differ from the corner (background) colour
        return float((np.abs(img - img[:, :1, :1]).sum(0) > 0.3).mean())

    small = make_image("square", seed=1, size=0.35, noise=0.0, style="drawing")
    large = make_image("square", seed=1, size=0.9, noise=0.0, style="drawing")
    assert ink(large) > 1.5 * ink(small)
    clean = make_image("circle", seed=2, noise=0.0)
    noisy = make_image("circle", seed=2, noise=0.1)
    assert np.abs(noisy - clean).mean() > 0.03


def test_class_names_in_both_languages_are_distinct() -> None:
    assert len(CLASSES) >= 6
    for field in ("key", "pl", "en"):
        names = [getattr(c, field) for c in CLASSES]
        assert len(set(names)) == len(names) and all(names)
    with pytest.raises(ValueError, match="circle"):
        make_image("hexagon")


def test_shapes_module_does_not_import_torch() -> None:
    code = "import sys, glossary.cnn.shapes; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- model shapes -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("variant", "activation"), MODELS)
def test_shapes_follow_the_seed_arithmetic(variant: str, activation: str) -> None:
    model = cnn.build_model(activation, variant)
    x = torch.zeros(2, 3, 30, 30)
    conv_out = model[0](x)
    assert conv_out.shape == (2, 32, 28, 28)  # 3x3 kernel, no padding: 30 - 3 + 1 = 28
    assert model(x).shape == (2, len(CLASSES))
    assert not any(isinstance(m, torch.nn.Softmax) for m in model.modules())  # logits out
    if variant == "seed":
        assert [type(m).__name__ for m in model][2:] == ["Flatten", "Linear"]
        assert model[3].in_features == 32 * 28 * 28


# --- shipped weights --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fresh_set() -> tuple[np.ndarray, np.ndarray]:
    return generate(600, FRESH_SEED)


def test_every_variant_and_activation_is_shipped() -> None:
    found = {(m.variant, m.activation) for m in cnn.available_models()}
    assert found == set(MODELS)
    total = sum(
        m.path.stat().st_size + m.path.with_suffix(".json").stat().st_size for m in cnn.available_models()
    )
    assert total <= 8 * 2**20


@pytest.mark.parametrize(("variant", "activation"), MODELS)
def test_shipped_weights_load_as_float32_and_match_their_history(
    variant: str, activation: str, fresh_set: tuple[np.ndarray, np.ndarray]
) -> None:
    """float16 storage costs no accuracy, and validation accuracy carries over to a fresh seed."""
    model = cnn.load_model(activation, variant)
    assert all(p.dtype == torch.float32 for p in model.parameters())
    X, y = fresh_set
    accuracy = float((cnn.predict(model, X).argmax(1) == y).mean())
    recorded = cnn.load_history(activation, variant)["val_acc"][-1]
    assert abs(accuracy - recorded) < 0.06, (accuracy, recorded)


def test_the_default_relu_model_reaches_the_bar_on_a_fresh_seed(
    fresh_set: tuple[np.ndarray, np.ndarray],
) -> None:
    X, y = fresh_set
    accuracy = float((cnn.predict(cnn.load_model("relu"), X).argmax(1) == y).mean())
    assert accuracy >= 0.95, accuracy


def test_history_records_every_epoch() -> None:
    history = cnn.load_history("relu")
    n = history["epochs"]
    for key in ("train_loss", "train_acc", "val_loss", "val_acc", "epoch_seconds"):
        assert len(history[key]) == n
    assert history["train_loss"][-1] < history["train_loss"][0]
    assert history["classes"] == [c.key for c in CLASSES]


# --- simulated canvas drawings ----------------------------------------------------------------------
# An independent rasteriser (not the generator's code): pen strokes on a transparent 200x200 RGBA
# canvas, as a browser canvas component returns them, each stroke a wobbly polyline.


def _stroke_paths(key: str, rng: np.random.Generator) -> list[np.ndarray]:
    def seg(a: tuple[float, float], b: tuple[float, float]) -> np.ndarray:
        return np.linspace(a, b, 30)

    if key == "circle":
        t = np.linspace(0, 2 * np.pi * rng.uniform(1.0, 1.08), 60) + rng.uniform(0, 6.3)
        return [np.stack([np.cos(t), np.sin(t) * rng.uniform(0.85, 1.1)], 1)]
    if key == "square":
        c = [(-0.8, -0.8), (0.8, -0.8), (0.8, 0.8), (-0.8, 0.8)]
        return [seg(c[i], c[(i + 1) % 4]) for i in range(4)]  # four pen strokes
    if key == "triangle":
        c = [(0.0, 0.9), (-0.9, -0.7), (0.9, -0.7)]
        return [np.vstack([seg(c[0], c[1]), seg(c[1], c[2]), seg(c[2], c[0])])]  # one stroke
    if key == "cross":
        return [seg((-0.9, 0), (0.9, 0)), seg((0, -0.9), (0, 0.9))]
    if key == "line":
        return [seg((-0.9, 0), (0.9, 0))]
    if key == "star":
        a = np.deg2rad(90 + 144 * np.arange(6))
        pts = np.stack([np.cos(a), np.sin(a)], 1)
        return [np.vstack([seg(tuple(pts[i]), tuple(pts[i + 1])) for i in range(5)])]
    raise AssertionError(key)


def _canvas_drawing(key: str, seed: int) -> Image.Image:
    rng = np.random.default_rng(seed)
    canvas = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    draw = ImageDraw.Draw(canvas)
    radius = rng.uniform(45, 85)
    centre = rng.uniform(radius + 8, 200 - radius - 8, 2)
    turn = rng.uniform(-0.3, 0.3) + (rng.uniform(0, np.pi) if key in ("line", "cross") else 0.0)
    rot = np.array([[np.cos(turn), -np.sin(turn)], [np.sin(turn), np.cos(turn)]])
    width = int(rng.integers(4, 13))
    colour = (int(rng.integers(0, 60)), int(rng.integers(0, 60)), int(rng.integers(0, 120)), 255)
    for path in _stroke_paths(key, rng):
        wobble = np.cumsum(rng.normal(0, 0.012, path.shape), axis=0)  # a slowly drifting hand
        xy = centre + (path + wobble) @ rot.T * radius * np.array([1, -1])
        draw.line([tuple(p) for p in xy], fill=colour, width=width, joint="curve")
    return canvas


@pytest.mark.parametrize("key", [c.key for c in CLASSES])
def test_canvas_drawings_are_recognised(key: str) -> None:
    model = cnn.load_model("relu")
    batch = np.stack([prepare(_canvas_drawing(key, 1000 + i)) for i in range(30)])
    predicted = cnn.predict(model, batch).argmax(1)
    accuracy = float((predicted == shapes.class_index(key)).mean())
    assert accuracy >= 0.9, (key, accuracy, np.bincount(predicted, minlength=len(CLASSES)))


# --- training ---------------------------------------------------------------------------------------


def test_a_short_training_run_lowers_the_loss() -> None:
    data, val = generate(240, 11), generate(60, 12)
    model, history = cnn.train("relu", "seed", data=data, val=val, epochs=3, progress=False)
    assert history["train_loss"][-1] < history["train_loss"][0]
    assert history["train_acc"][-1] > history["train_acc"][0]
    early, late = history["batch_loss"][:3], history["batch_loss"][-3:]
    assert np.mean(late) < np.mean(early)
    assert len(history["batch_loss"]) >= 3 and not model.training


def test_save_and_load_round_trip_in_float16(tmp_path) -> None:
    model, history = cnn.train(
        "tanh", "seed", data=generate(60, 13), val=generate(12, 14), epochs=1, progress=False
    )
    cnn.save_model(model, history, tmp_path)
    loaded = cnn.load_model("tanh", "seed", directory=tmp_path)
    image = make_image("star", seed=8)
    assert np.allclose(cnn.predict(loaded, image), cnn.predict(model, image), atol=2e-3)
    assert cnn.load_history("tanh", "seed", directory=tmp_path)["epochs"] == 1
    assert [m.activation for m in cnn.available_models(tmp_path)] == ["tanh"]


def test_softmax_before_cross_entropy_caps_the_loss_as_documented() -> None:
    n = len(CLASSES)
    logits = torch.full((1, n), -30.0)
    logits[0, 0] = 30.0  # a perfectly confident, correct network
    target = torch.tensor([0])
    once = torch.nn.functional.cross_entropy(logits, target)
    twice = torch.nn.functional.cross_entropy(torch.softmax(logits, 1), target)  # nn.Softmax + CE
    assert once < 1e-6
    assert np.isclose(float(twice), -np.log(np.e / (np.e + n - 1)), atol=1e-4)


# --- inference --------------------------------------------------------------------------------------


def test_feature_maps_after_relu_are_never_negative() -> None:
    model = cnn.load_model("relu", "seed")
    pre, post = cnn.feature_maps(model, make_image("cross", seed=5))
    assert pre.shape == post.shape == (32, 28, 28)
    assert pre.min() < 0  # so the check below says something
    assert post.min() >= 0 and np.array_equal(post, np.maximum(pre, 0))


def test_feature_maps_after_tanh_are_the_tanh_of_the_conv() -> None:
    pre, post = cnn.feature_maps(cnn.load_model("tanh", "seed"), make_image("circle", seed=2))
    assert np.allclose(post, np.tanh(pre), atol=1e-6)


def test_predict_gives_probabilities_and_temperature_flattens_them() -> None:
    model = cnn.load_model("relu")
    image = make_image("line", seed=3)
    p1 = cnn.predict(model, image)
    p5 = cnn.predict(model, image, temperature=5.0)
    assert p1.shape == (len(CLASSES),) and np.isclose(p1.sum(), 1.0, atol=1e-5)
    assert p5.max() < p1.max() and np.isclose(p5.sum(), 1.0, atol=1e-5)
    with pytest.raises(ValueError, match="temperature"):
        cnn.predict(model, image, temperature=0.0)


def test_predict_accepts_what_prepare_accepts() -> None:
    model = cnn.load_model("relu")
    canvas = _canvas_drawing("cross", 7)
    assert np.allclose(cnn.predict(model, canvas), cnn.predict(model, prepare(canvas)))


def test_evaluate_cli_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert cnn.main(["evaluate", "--json", "--n", "60"]) == 0
    results = json.loads(capsys.readouterr().out)
    assert set(results) == {f"{v}_{a}" for v, a in MODELS}
    assert all(0.0 <= r["accuracy"] <= 1.0 and r["seed"] == cnn.EVAL_SEED for r in results.values())
    assert cnn.EVAL_SEED not in (cnn.TRAIN_SEED, cnn.VAL_SEED)


# --- prepare ----------------------------------------------------------------------------------------


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def test_prepare_composites_a_transparent_canvas_on_white() -> None:
    canvas = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    ImageDraw.Draw(canvas).rectangle([0, 0, 99, 199], fill=(0, 0, 0, 255))
    x = prepare(canvas)
    assert x.shape == (3, 30, 30) and x.dtype == np.float32
    assert np.allclose(x[:, :, :14], 0.0) and np.allclose(x[:, :, 16:], 1.0)


def test_prepare_agrees_across_input_kinds() -> None:
    img = _canvas_drawing("triangle", 3)
    expected = prepare(img)
    as_array = np.asarray(img)
    assert np.allclose(prepare(_png(img)), expected)
    assert np.allclose(prepare(io.BytesIO(_png(img))), expected)
    assert np.allclose(prepare(as_array), expected)
    assert np.allclose(prepare(as_array.astype(np.float32) / 255.0), expected, atol=1 / 255)
    grey = Image.new("L", (64, 64), 200)
    assert np.allclose(prepare(grey), 200 / 255) and np.allclose(
        prepare(np.full((64, 64), 200, np.uint8)), 200 / 255
    )
    chw = np.zeros((3, 40, 40), np.float32)
    chw[0] = 1.0
    assert np.allclose(prepare(chw)[0], 1.0) and np.allclose(prepare(chw)[1:], 0.0)


def test_prepare_pads_non_square_pictures_with_their_background() -> None:
    wide = Image.new("RGB", (300, 100), (10, 200, 30))
    assert np.allclose(prepare(wide), np.array([10, 200, 30], np.float32)[:, None, None] / 255)


def test_a_one_pixel_image_becomes_a_uniform_input() -> None:
    x = prepare(_png(Image.new("RGB", (1, 1), (255, 0, 0))))
    assert x.shape == (3, 30, 30) and np.allclose(x[0], 1.0) and np.allclose(x[1:], 0.0)


def _bomb_png(width: int, height: int) -> bytes:
    """A small PNG whose header claims width x height pixels (Pillow checks the header on open)."""
    raw = _png(Image.new("1", (8, 8)))
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    patched = struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    return raw[:8] + patched + raw[8 + 25 :]


@pytest.mark.parametrize(
    ("payload", "code", "words"),
    [
        (b"%PDF-1.4 definitely not a picture", "not_image", "not an image"),
        (b"", "not_image", "empty"),
        (_png(Image.new("RGB", (40, 40)))[:60], "not_image", "not an image"),  # truncated
        (b"\x89PNG" + bytes(5 * 2**20), "too_large", "5 MB"),
        (_bomb_png(100_000, 100_000), "too_many_pixels", "pixels"),
        (_bomb_png(5000, 5000), "too_many_pixels", "pixels"),  # below Pillow's own limit, above ours
    ],
    ids=["not-an-image", "empty", "truncated", "over-5-MB", "bomb", "too-many-pixels"],
)
def test_hostile_uploads_are_refused_with_a_message(payload: bytes, code: str, words: str) -> None:
    with pytest.raises(ImageError, match=words) as info:
        prepare(payload)
    assert info.value.code == code


def test_a_lowered_pillow_pixel_limit_is_respected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
    with pytest.raises(ImageError, match="pixels") as info:
        prepare(_png(Image.new("RGB", (12, 12))))
    assert info.value.code == "too_many_pixels"


def test_unusable_arrays_are_refused() -> None:
    with pytest.raises(ImageError, match="empty"):
        prepare(np.zeros((0, 5, 3)))
    with pytest.raises(ImageError, match="shape"):
        prepare(np.zeros((5, 5, 7)))
