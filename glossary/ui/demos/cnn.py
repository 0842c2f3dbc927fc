"""The mini-CNN demo. torch is imported only here, inside the functions, when the demo runs:
``import glossary.cnn`` pulls it in; the rest of the app stays torch-free."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import streamlit as st

from glossary import charts
from glossary.cnn import shapes
from glossary.format import percent
from glossary.maths import readouts
from glossary.ui.demos.train import session_model_ui
from glossary.ui.demos.widgets import URL, act_title, chart, choice_ui, coded_radio, coded_segmented
from glossary.ui.i18n import STRINGS, t

N_CHANNELS = 4
UPLOAD_TYPES = ["png", "jpg", "jpeg", "gif", "bmp", "webp"]
CANVAS_PX = 200


def _canvas() -> Any:
    """``st_canvas`` from streamlit-drawable-canvas 0.13 if installed and registered, else None.

    It is a components-v2 package: it registers its frontend when imported inside a running server
    (``streamlit run``); elsewhere (bare Python, AppTest) the import raises, and drawing is not offered.
    """
    try:
        from streamlit_drawable_canvas import st_canvas
    except Exception:  # ImportError when absent; StreamlitAPIException outside a server
        return None
    return st_canvas


def _sources() -> tuple[str, ...]:
    return ("generate", "draw", "upload") if _canvas() is not None else ("generate", "upload")


@st.cache_resource(show_spinner=False)
def _model(activation: str, variant: str) -> Any:
    from glossary.cnn import model as cnn  # torch arrives here, the first time a CNN demo runs

    return cnn.load_model(activation, variant)


def _variant_ui(activation: str, preset: str, key: str, lang: str) -> str:
    """Which trained network to run: the seed's exact layers or the pooled one (the default when trained)."""
    from glossary.cnn import model as cnn

    trained = {m.variant: m for m in cnn.available_models() if m.activation == activation}
    if not trained:
        return cnn.DEFAULT_VARIANT
    options = [v for v in cnn.VARIANTS if v in trained]
    default = (
        preset if preset in trained else cnn.DEFAULT_VARIANT if cnn.DEFAULT_VARIANT in trained else options[0]
    )
    variant = coded_segmented(
        t("cnn_variant", lang),
        options,
        default=default,
        format_func=lambda v: t(f"cnn_variant_{v}", lang),
        key=f"{key}_variant",
        bind=URL,
        required=True,
    )
    variant = variant if variant in trained else default
    accuracy = trained[variant].val_acc
    shown = f"{accuracy:.0%}" if accuracy is not None else "?"
    st.caption(t(f"cnn_variant_{variant}_note", lang, acc=shown))
    return variant


@st.cache_data(show_spinner=False, ttl=60)  # newly trained models show up within a minute
def _histories(variant: str) -> dict[str, dict[str, list[float]]]:
    from glossary.cnn import model as cnn

    found = {}
    for name in cnn.ACTIVATIONS:
        try:
            found[name] = cnn.load_history(name, variant)
        except FileNotFoundError:
            continue
    return found


@st.cache_data(max_entries=128, show_spinner=False)
def _generated(cls: str, size: float, rotation: float, noise: float, seed: int) -> np.ndarray:
    return shapes.make_image(cls, size=size, rotation=rotation, noise=noise, seed=seed)


def _class_name(key: str, lang: str) -> str:
    cls = shapes.CLASSES[shapes.class_index(key)]
    return cls.pl if lang == "pl" else cls.en


def _input_ui(shape: str, key: str, lang: str) -> np.ndarray | None:
    """The 30x30 picture the network will see: generated from the sliders or uploaded."""
    source = coded_radio(
        t("cnn_source", lang),
        _sources(),
        format_func=lambda k: t(f"cnn_source_{k}", lang),
        horizontal=True,
        key=f"{key}_source",
        bind=URL,
    )
    if source == "draw":
        st.caption(t("cnn_draw_note", lang))
        result = _canvas()(
            stroke_width=14,
            stroke_color="#000000",
            background_color="#ffffff",
            height=CANVAS_PX,
            width=CANVAS_PX,
            drawing_mode="freedraw",
            key=f"{key}_canvas",
            return_image_data=True,
        )
        drawing = result.image_data if result is not None else None
        if drawing is None or readouts.is_blank(drawing):
            return None
        return shapes.prepare(drawing)
    if source == "upload":
        st.caption(t("cnn_upload_note", lang, mb=shapes.MAX_UPLOAD_BYTES // (1024 * 1024)))
        upload = st.file_uploader(t("cnn_upload", lang), type=UPLOAD_TYPES, key=f"{key}_upload")
        if upload is None:
            return None
        limits = {"mb": shapes.MAX_UPLOAD_BYTES // (1024 * 1024), "side": math.isqrt(shapes.MAX_PIXELS)}
        if upload.size > shapes.MAX_UPLOAD_BYTES:
            st.error(t("image_too_large", lang, **limits))
            return None
        try:
            return shapes.prepare(upload.getvalue())
        except shapes.ImageError as exc:
            message = f"image_{exc.code}"
            st.error(t(message, lang, **limits) if message in STRINGS else str(exc))
            return None
    keys = [c.key for c in shapes.CLASSES]
    cls = choice_ui(
        t("cnn_class", lang), keys, f"{key}_class", default=shape, fmt=lambda k: _class_name(k, lang)
    )
    size = st.slider(t("cnn_size", lang), 0.3, 0.95, 0.7, 0.05, key=f"{key}_size", bind=URL)
    rotation = st.slider(t("cnn_rotation", lang), 0, 359, 0, 5, key=f"{key}_rot", bind=URL)
    noise = st.slider(t("cnn_noise", lang), 0.0, 0.3, 0.05, 0.01, key=f"{key}_noise", bind=URL)
    seed = st.number_input(t("seed", lang), 0, 999, 0, key=f"{key}_seed", bind=URL)
    return _generated(cls, float(size), float(rotation), float(noise), int(seed))


@st.fragment
def render(settings: Mapping[str, Any], key: str, lang: str) -> None:
    """The `cnn` demo: the trained mini CNN on a shape you generate, draw or upload."""

    hidden = settings["activation"]  # one of cnn.ACTIVATIONS (the registry's choices)
    variant = _variant_ui(hidden, settings["network"], key, lang)
    try:
        model = _model(hidden, variant)
    except FileNotFoundError:
        st.info(t("cnn_missing", lang, name=act_title(hidden, lang)))
        return
    except (RuntimeError, OSError, ValueError) as exc:  # weights from another version of the network
        st.warning(t("cnn_unloadable", lang, name=act_title(hidden, lang), error=type(exc).__name__))
        return
    trained = session_model_ui(hidden, variant, key, lang)  # trained in this session (train demo), if on
    model = model if trained is None else trained
    left, mid, right = st.columns([1, 1, 1.3])
    with left:
        image = _input_ui(settings["shape"], key, lang)
    if image is None:
        with mid:
            st.info(t("cnn_no_image", lang))
        return
    with mid:
        chart(charts.rgb_image_chart(image, title=t("cnn_input", lang)), f"{key}_input_chart", stretch=False)
    with right:
        _prediction(model, image, key, lang)
    _feature_maps(model, image, hidden, key, lang)
    _training_curves(variant, key, lang)


@st.fragment
def _prediction(model: Any, image: np.ndarray, key: str, lang: str) -> None:
    """Probabilities at a temperature: its own fragment, so the temperature slider reruns only the
    prediction and the bar chart, not the image, the feature maps and the training curves."""
    from glossary.cnn import model as cnn

    temperature = st.slider(t("temperature", lang), 0.1, 5.0, 1.0, 0.1, key=f"{key}_temp", bind=URL)
    probs = cnn.predict(model, image, temperature)
    top = int(np.argmax(probs))
    names = [_class_name(c.key, lang) for c in shapes.CLASSES]
    shown_p = f"p = {percent(probs[top], lang, 1)}"  # 99,2% in Polish
    st.metric(t("cnn_top", lang), names[top], shown_p, delta_color="off", delta_arrow="off")
    chart(charts.bar_chart(names, probs, highlight=top), f"{key}_probs_chart")


def _feature_maps(model: Any, image: np.ndarray, hidden: str, key: str, lang: str) -> None:
    from glossary.cnn import model as cnn

    pre, post = cnn.feature_maps(model, image)
    st.markdown(f"#### {t('cnn_maps', lang, name=act_title(hidden, lang))}")
    options = list(range(pre.shape[0]))
    chosen = st.multiselect(
        t("cnn_channels", lang),
        options,
        default=[],
        max_selections=N_CHANNELS,
        key=f"{key}_channels",
        bind=URL,
        placeholder=t("cnn_channels_auto", lang),
        select_all=False,  # Streamlit's "Select all" is English only
    )
    channels = chosen or readouts.most_changed_channels(pre, post, N_CHANNELS)
    cols = st.columns(len(channels))
    for col, c in zip(cols, channels, strict=True):
        lim = readouts.shared_limit(pre[c], post[c])
        with col:
            st.caption(t("cnn_channel", lang, c=c))
            chart(
                charts.heatmap(pre[c], diverging=True, limit=lim, size=120, title=t("before", lang)),
                f"{key}_pre_{c}",
                stretch=False,
            )
            chart(
                charts.heatmap(post[c], diverging=True, limit=lim, size=120, title=t("after", lang)),
                f"{key}_post_{c}",
                stretch=False,
            )


def _training_curves(variant: str, key: str, lang: str) -> None:
    histories = _histories(variant)
    if not histories:
        return
    st.markdown(f"#### {t('cnn_training', lang)}")
    metrics = {
        "train_loss": (t("loss", lang), t("train", lang)),
        "val_loss": (t("loss", lang), t("validation", lang)),
        "train_acc": (t("accuracy_short", lang), t("train", lang)),
        "val_acc": (t("accuracy_short", lang), t("validation", lang)),
    }
    # NOTE: one chart per activation in Streamlit columns, not one wide faceted chart: the columns stack
    # on a phone (a 4-wide chart scrolled sideways at 390 px), and on a desktop they sit side by side
    with st.container(key=f"{key}_training_chart"):
        for column, name in zip(st.columns(len(histories)), histories, strict=True):
            with column:
                chart(
                    charts.training_chart(
                        {name: histories[name]},
                        metrics,
                        labels={name: act_title(name, lang)},
                        x_title=t("epoch", lang),
                    ),
                    f"{key}_training_{name}",
                    stretch=False,
                )
