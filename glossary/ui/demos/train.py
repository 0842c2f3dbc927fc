"""The ``train`` demo: the reader trains the mini CNN here, with up to four hidden activations side by side.

The settings (network, activations, learning rate, epochs, training-set size, seed) live in the URL like
every demo's; the results do not. "Trenuj" queues a job on the server-wide scheduler
(``glossary.ui.training``: at most ``GLOSSARY_MAX_TRAININGS`` at once, one per session); while it waits
or runs, a nested ``@st.fragment(run_every=0.5)`` polls it (its place in the queue, a progress bar, the
live chart, seconds elapsed and left) and keeps its heartbeat; when it ends, that fragment asks for one
full rerun, which stops the polling and draws the results: held-out accuracy per activation beside the
shipped network's, the confusion of classes of the best one, a sentence computed from those numbers,
and a prediction panel.

The networks trained in a session stay in ``st.session_state[TRAINED_KEY]`` (a ``TrainedNetworks``),
nothing is written to disk. The CNN demo asks ``session_model_ui(activation, variant, key, lang)`` for
them: it returns the network this session trained for that activation and architecture while the reader
keeps the switch on (one click goes back to the shipped weights), else None.

torch and ``glossary.cnn.live`` are imported inside the functions, when the demo runs.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import streamlit as st

from glossary import charts
from glossary.cnn import shapes
from glossary.corpus.demos import CNN_ACTIVATIONS, CNN_NETWORKS, TRAIN_LRS, TRAIN_SIZES
from glossary.format import number, percent
from glossary.ui import training
from glossary.ui.demos.widgets import (
    URL,
    act_title,
    chart,
    choice_ui,
    coded_segmented,
    pick_activations_ui,
    table,
)
from glossary.ui.i18n import t

TRAINED_KEY = "glossary_trained_cnn"  # session_state: TrainedNetworks (the CNN demo reads it)
JOB_KEY = "glossary_training_job"  # session_state: this session's last training Job
POLL_SECONDS = 0.5
MAX_POINTS_PER_LINE = 120  # the per-step lines are averaged into at most this many points
CHANCE = 1 / len(shapes.CLASSES)

# key -> (Polish, English)


def _pct(value: float | None, lang: str) -> str:
    return "—" if value is None else percent(value, lang)


def _num(value: float, lang: str, spec: str = "g") -> str:
    return number(value, lang, spec)


def _class_name(index: int, lang: str) -> str:
    cls = shapes.CLASSES[index]
    return cls.en if lang == "en" else cls.pl


# ---- what the session keeps --------------------------------------------------------------------------


@dataclass
class LiveCurves:
    """What the training thread reports step by step (``job.progress``), read by the polling page."""

    key: str  # the demo instance that started it
    plan: Any  # glossary.cnn.live.Plan
    done: int = 0
    total: int = 0
    steps: dict[str, list[tuple[float, float]]] = field(default_factory=dict)  # activation -> (loss, acc)
    val: dict[str, list[float]] = field(default_factory=dict)
    first_step_at: float | None = None

    def add(self, step: Any) -> None:
        """``train_live``'s ``on_step`` (called in the training thread; list appends are atomic)."""
        self.steps.setdefault(step.activation, []).append((step.loss, step.accuracy))
        if step.val_accuracy is not None:
            self.val.setdefault(step.activation, []).append(step.val_accuracy)
        self.done, self.total = step.done, step.total
        if self.first_step_at is None:
            self.first_step_at = time.monotonic()


@dataclass
class TrainedNetworks:
    """The networks this session trained (``st.session_state[TRAINED_KEY]``), and the reader's switch."""

    job_id: int
    plan: Any
    models: Mapping[str, Any]  # activation -> torch module, eval mode
    held_out: Mapping[str, float]
    use: bool = True

    def model_for(self, activation: str, variant: str) -> Any | None:
        return self.models.get(activation) if variant == self.plan.variant else None


def session_model_ui(activation: str, variant: str, key: str, lang: str) -> Any | None:
    """For another demo's prediction panel: the network this session trained for ``activation`` and
    ``variant`` while the switch drawn here is on, else None (then the shipped weights are used)."""
    trained = st.session_state.get(TRAINED_KEY)
    model = trained.model_for(activation, variant) if trained is not None else None
    if model is None:
        return None
    _use_switch_ui(trained, f"{key}_usetrained", lang)
    if not trained.use:
        return None
    st.caption(t("using_trained", lang, acc=_pct(trained.held_out.get(activation), lang)))
    return model


def _use_switch_ui(trained: TrainedNetworks, widget_key: str, lang: str) -> None:
    """One toggle, kept in step with the session's flag (several demos may show it)."""

    def flip() -> None:
        trained.use = bool(st.session_state[widget_key])

    st.session_state[widget_key] = trained.use
    st.toggle(t("use_trained", lang), key=widget_key, on_change=flip, help=t("use_trained_help", lang))


# ---- the demo ----------------------------------------------------------------------------------------


def _settings_ui(settings: Mapping[str, Any], key: str, lang: str) -> tuple[Any, str, int]:
    """The reader's plan (a ``live.Plan``, None while no activation is picked), size and seed."""
    from glossary.cnn import live

    left, right = st.columns(2)
    with left:
        variant = coded_segmented(
            t("network", lang),
            CNN_NETWORKS,
            default=settings["network"],
            format_func=lambda v: t(f"cnn_variant_{v}", lang),
            key=f"{key}_network",
            required=True,
        )
        chosen = pick_activations_ui(
            t("activations", lang),
            CNN_ACTIVATIONS,
            f"{key}_activations",
            lang,
            default=settings["activations"],
            max_selections=4,
        )
        size = coded_segmented(
            t("size", lang),
            TRAIN_SIZES,
            default=settings["size"],
            format_func=lambda s: t(f"size_{s}", lang, n=_count(live.SIZES[s], lang)),
            key=f"{key}_size",
            required=True,
        )
    with right:
        lr = st.select_slider(
            t("learning_rate", lang),
            TRAIN_LRS,
            settings["lr"],
            format_func=lambda v: _num(v, lang),
            key=f"{key}_lr",
            bind=URL,
        )
        epochs = st.slider(t("epochs", lang), 1, 5, int(settings["epochs"]), 1, key=f"{key}_epochs", bind=URL)
        seed = st.number_input(
            t("seed", lang), 0, live.MAX_SEED, int(settings["seed"]), key=f"{key}_seed", bind=URL
        )
    size = size or settings["size"]
    activations = tuple(a for a in CNN_ACTIVATIONS if a in (chosen or ()))
    if not activations:
        return None, size, int(seed)
    plan = live.Plan(variant or settings["network"], activations, float(lr), int(epochs), size, int(seed))
    return plan, size, int(seed)


@st.fragment
def render(settings: Mapping[str, Any], key: str, lang: str) -> None:
    """The ``train`` demo: settings, Trenuj/Zatrzymaj, the live chart while it trains, then the results."""
    from glossary.cnn import live

    plan, size, seed = _settings_ui(settings, key, lang)
    job: training.Job | None = st.session_state.get(JOB_KEY)
    action = st.session_state.pop(f"_{key}_action", None)  # set by the buttons' callbacks
    if action == "stop" and job is not None and job.active:
        job.request_stop("button")
        training.scheduler().wake()
        job.finished.wait(1.0)  # a step takes ~0.1 s: the page redraws with the training over
    elif action == "start" and plan is not None and not (job is not None and job.active):
        job = _submit(plan, key)
        st.session_state[JOB_KEY] = job
    mine = job is None or job.progress is None or job.progress.key == key
    active = job is not None and job.active
    if active:
        job.touch()
    left, right, _ = st.columns([1, 1, 3])
    with left:
        st.button(
            t("train_button", lang),
            key=f"{key}_run",
            type="primary",
            disabled=active or plan is None,
            on_click=_ask,
            args=(key, "start"),
        )
    with right:
        st.button(
            t("stop", lang),
            key=f"{key}_stop",
            disabled=not (active and mine),
            on_click=_ask,
            args=(key, "stop"),
        )
    if plan is None:
        st.info(t("pick_one", lang))
        _samples_ui(size, seed, key, lang)
        return
    if not mine and job is not None and job.active:
        st.caption(t("other_instance", lang))
    shown = job if job is not None and mine else None
    st.caption(
        t(
            "plan",
            lang,
            n=_count(live.SIZES[plan.size], lang),
            epochs=plan.epochs,
            steps=plan.steps_per_epoch * plan.epochs,
            lr=f"{plan.lr:g}",
            n_val=live.N_VAL,
        )
    )
    if shown is not None and shown.active:
        _live(shown, key, lang)
    elif shown is not None:
        _finished(shown, key, lang)
    _samples_ui(size, seed, key, lang)


def _ask(key: str, action: str) -> None:
    st.session_state[f"_{key}_action"] = action


def _submit(plan: Any, key: str) -> training.Job:
    from glossary.cnn import live

    progress = LiveCurves(key, plan, total=plan.total_steps)

    def work(job: training.Job) -> Any:
        return live.train_live(plan, on_step=progress.add, stop=job.stop)

    owner = training.session_id()
    job = training.scheduler().submit(owner, work, alive=training.session_alive(owner))
    if job.progress is None:
        job.progress = progress
    return job


@st.fragment(run_every=POLL_SECONDS)
def _live(job: training.Job, key: str, lang: str) -> None:
    """Polled twice a second while the job waits or runs; one full rerun when it is over (that stops
    the polling: a full run drops this fragment's timer)."""
    job.touch()
    if not job.active:
        _keep(job)
        st.rerun()  # the whole page: the demos above it see the new network too
    progress: LiveCurves = job.progress
    if job.state == "queued":
        running, _ = training.scheduler().counts()
        st.info(t("queued", lang, place=training.scheduler().place(job), running=running))
        st.progress(0.0)
        return
    done, total = progress.done, max(progress.total, 1)
    st.progress(min(done / total, 1.0), text=t("running", lang, done=done, total=total))
    elapsed = job.elapsed()
    if done:
        left = elapsed / done * (total - done)
        st.caption(t("timing", lang, elapsed=_num(elapsed, lang, ".0f"), left=_num(left, lang, ".0f")))
        chart(
            _curves_chart(progress, lang), f"{key}_live_chart", stretch=False, alt=_curves_alt(progress, lang)
        )
        st.caption(t("chart_note", lang))
    else:
        st.caption(t("timing_start", lang, elapsed=_num(elapsed, lang, ".0f")))


def _keep(job: training.Job) -> bool:
    """Keep a finished job's networks for this session; True if they are new."""
    trained = st.session_state.get(TRAINED_KEY)
    if job.state != "done" or (trained is not None and trained.job_id == job.id):
        return False
    outcome = job.result
    st.session_state[TRAINED_KEY] = TrainedNetworks(job.id, outcome.plan, outcome.models, outcome.held_out)
    return True


def _finished(job: training.Job, key: str, lang: str) -> None:
    progress: LiveCurves = job.progress
    if job.state == "failed":
        st.error(t("failed", lang, error=job.error))
        return
    if job.state == "stopped":
        reason = "stopped_left" if job.stop_reason == "left" else "stopped_button"
        reason = "stopped_queued" if job.started is None else reason
        fields = {
            "elapsed": _num(job.elapsed(), lang, ".1f"),
            "done": progress.done,
            "total": progress.total,
            "latency": _num(job.stop_seconds() or 0.0, lang, ".2f"),
        }
        st.warning(t(reason, lang, **fields))
        if progress.done:
            chart(
                _curves_chart(progress, lang),
                f"{key}_live_chart",
                stretch=False,
                alt=_curves_alt(progress, lang),
            )
        return
    outcome = job.result
    if _keep(job):
        st.rerun()  # the whole page: the demos above it see the new network too
    trained = st.session_state[TRAINED_KEY]
    chart(_curves_chart(progress, lang), f"{key}_live_chart", stretch=False, alt=_curves_alt(progress, lang))
    st.caption(t("chart_note", lang))
    _results_ui(outcome, key, lang)
    _try_ui(trained, outcome, key, lang)


# ---- results -----------------------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def _shipped(activation: str, variant: str) -> tuple[float | None, int, int]:
    """(accuracy on the same held-out images, epochs, training images) of the shipped network."""
    from glossary.cnn import live
    from glossary.cnn import model as cnn

    try:
        history = cnn.load_history(activation, variant)
    except FileNotFoundError:
        return None, 0, 0
    return live.shipped_accuracy(activation, variant), int(history["epochs"]), int(history["n_train"])


def reading(outcome: Any, lang: str) -> list[str]:
    """Sentences that read the result, every number taken from ``outcome`` (never canned)."""
    held = outcome.held_out
    names = {a: act_title(a, lang) for a in held}
    epochs = outcome.plan.epochs
    lines: list[str] = []
    ranked = sorted(held, key=lambda a: -held[a])
    best, worst = ranked[0], ranked[-1]
    if len(ranked) == 1:
        acc, n_epochs, n = _shipped(best, outcome.plan.variant)
        lines.append(
            t(
                "read_one",
                lang,
                name=names[best],
                epochs=epochs,
                acc=_pct(held[best], lang),
                shipped=_pct(acc, lang),
            )
        )
    else:
        gap = round(100 * (held[best] - held[worst]))
        key = "read_best" if gap >= 2 else "read_tie"
        lines.append(
            t(
                key,
                lang,
                best=names[best],
                worst=names[worst],
                best_acc=_pct(held[best], lang),
                worst_acc=_pct(held[worst], lang),
                gap=gap,
                epochs=epochs,
            )
        )
        first = {a: outcome.curves[a].val_acc[0] for a in held if outcome.curves[a].val_acc}
        if epochs > 1 and len(first) > 1:
            fast = max(first, key=lambda a: first[a])
            slow = min(first, key=lambda a: first[a])
            if first[fast] - first[slow] >= 0.02:
                lines.append(
                    t(
                        "read_faster",
                        lang,
                        fast=names[fast],
                        slow=names[slow],
                        fast_acc=_pct(first[fast], lang),
                        slow_acc=_pct(first[slow], lang),
                    )
                )
        acc, n_epochs, n = _shipped(best, outcome.plan.variant)
        if acc is not None:
            lines.append(
                t(
                    "read_shipped",
                    lang,
                    name=names[best],
                    epochs=n_epochs,
                    n=_count(n, lang),
                    shipped=_pct(acc, lang),
                )
            )
    near = [names[a] for a in ranked if held[a] < CHANCE + 0.05]
    if near:
        lines.append(t("read_chance", lang, names=", ".join(near), chance=_pct(CHANCE, lang)))
    return lines


def _count(n: int, lang: str) -> str:
    return number(n, lang)


def _results_ui(outcome: Any, key: str, lang: str) -> None:
    from glossary.cnn import live

    st.markdown(f"##### {t('results', lang)}")
    shipped = {a: _shipped(a, outcome.plan.variant) for a in outcome.plan.activations}
    known = [(e, n) for _, e, n in shipped.values() if n]
    header = t("col_shipped", lang, epochs=known[0][0], n=_count(known[0][1], lang)) if known else "—"
    rows = []
    for a in outcome.plan.activations:
        first = outcome.curves[a].val_acc[0] if outcome.curves[a].val_acc else None
        rows.append(
            {
                t("train_col_activation", lang): act_title(a, lang),
                t("col_epoch1", lang): _pct(first, lang),
                t("col_now", lang): _pct(outcome.held_out.get(a), lang),
                header: _pct(shipped[a][0], lang),
            }
        )
    table(rows, f"{key}_results")
    st.caption(t("held_out_note", lang, n_val=live.N_VAL, seconds=_num(outcome.seconds, lang, ".1f")))
    st.markdown(" ".join(reading(outcome, lang)))
    best = outcome.best
    confusion = outcome.confusion[best]
    st.markdown(f"###### {t('confusion', lang, name=act_title(best, lang))}")
    names = [_class_name(i, lang) for i in range(len(shapes.CLASSES))]
    table(
        [
            {t("truth", lang): names[i], **{names[j]: str(int(confusion[i, j])) for j in range(len(names))}}
            for i in range(len(names))
        ],
        f"{key}_confusion",
    )
    off = confusion.copy()
    np.fill_diagonal(off, 0)
    if off.max() > 0:
        i, j = np.unravel_index(int(off.argmax()), off.shape)
        st.caption(t("confusion_top", lang, truth=names[i], guess=names[j], count=int(off[i, j])))
    else:
        st.caption(t("confusion_none", lang))


def _try_ui(trained: TrainedNetworks, outcome: Any, key: str, lang: str) -> None:
    from glossary.cnn import model as cnn

    st.markdown(f"##### {t('try', lang)}")
    options = list(outcome.plan.activations)
    left, mid, right = st.columns([1, 1, 1.4])
    with left:
        keys = [c.key for c in shapes.CLASSES]
        cls = choice_ui(
            t("try_shape", lang),
            keys,
            f"{key}_try",
            default="star",
            fmt=lambda k: _class_name(shapes.class_index(k), lang),
        )
        seed = st.number_input(t("try_seed", lang), 0, 999, 0, key=f"{key}_tryseed", bind=URL)
        name = outcome.best
        if len(options) > 1:
            name = st.selectbox(
                t("try_net", lang),
                options,
                index=options.index(outcome.best),
                format_func=lambda a: act_title(a, lang),
                key=f"{key}_trynet",
            )
    image = shapes.make_image(cls, seed=int(seed))
    with mid:
        chart(
            charts.rgb_image_chart(image, size=150, title=t("cnn_input", lang)),
            f"{key}_try_input",
            stretch=False,
        )
    labels = [_class_name(i, lang) for i in range(len(shapes.CLASSES))]
    probs = cnn.predict(trained.models[name], image)
    top = int(np.argmax(probs))
    with right:
        st.metric(
            t("answer_now", lang, name=act_title(name, lang)),
            labels[top],
            f"p = {probs[top]:.1%}",
            delta_color="off",
            delta_arrow="off",
        )
        chart(charts.bar_chart(labels, probs, highlight=top), f"{key}_try_probs")
        try:
            shipped = _shipped_model(name, outcome.plan.variant)
        except FileNotFoundError:
            shipped = None
        if shipped is not None:
            p2 = cnn.predict(shipped, image)
            t2 = int(np.argmax(p2))
            st.caption(
                t("answer_shipped", lang, name=act_title(name, lang), cls=labels[t2], p=f"{p2[t2]:.1%}")
            )
    _use_switch_ui(trained, f"{key}_usetrained", lang)


@st.cache_resource(show_spinner=False)
def _shipped_model(activation: str, variant: str) -> Any:
    from glossary.cnn import model as cnn

    return cnn.load_model(activation, variant)


# ---- charts ------------------------------------------------------------------------------------------


def _samples_ui(size: str, seed: int, key: str, lang: str) -> None:
    """One training image per class, from the set the networks will learn from (what they see)."""
    st.caption(t("samples", lang))
    images, labels = _samples(size, seed)
    cols = st.columns(len(images))
    for i, (col, image) in enumerate(zip(cols, images, strict=True)):
        with col:
            chart(
                charts.rgb_image_chart(image, size=64, title=_class_name(int(labels[i]), lang)),
                f"{key}_sample_{i}",
                stretch=False,
            )


@st.cache_data(show_spinner=False, max_entries=32)
def _samples(size: str, seed: int) -> tuple[list[np.ndarray], list[int]]:
    from glossary.cnn import live

    data = live.training_set(size, seed)
    first = [int(np.flatnonzero(data.y == c)[0]) for c in range(len(shapes.CLASSES))]
    data.ensure(np.array(first))
    return list(data.images(np.array(first))), [int(data.y[i]) for i in first]


def _means(values: Sequence[float], buckets: int) -> tuple[np.ndarray, np.ndarray]:
    """Values averaged over consecutive runs so at most ``buckets`` remain; returns (end index, mean)."""
    v = np.asarray(values, dtype=np.float64)
    n = len(v)
    width = max(1, -(-n // buckets))
    ends = np.arange(width, n + width, width).clip(max=n)
    starts = ends - np.diff(np.concatenate([[0], ends]))
    sums = np.concatenate([[0.0], np.cumsum(v)])
    return ends, (sums[ends] - sums[starts]) / (ends - starts)


def curve_rows(progress: LiveCurves, lang: str) -> dict[str, Any]:
    """The live chart's table: per activation, averaged per-step loss and accuracy against the epoch
    (a fraction: step / steps per epoch) and validation accuracy at each whole epoch."""
    per_epoch = progress.plan.steps_per_epoch
    name, panel, kind, x, value = [], [], [], [], []
    loss_label, acc_label = t("loss", lang), t("accuracy_short", lang)
    for a in progress.plan.activations:
        steps = list(progress.steps.get(a, ()))
        label = act_title(a, lang)
        if steps:
            for column, title in ((0, loss_label), (1, acc_label)):
                ends, means = _means([s[column] for s in steps], MAX_POINTS_PER_LINE)
                name += [label] * len(ends)
                panel += [title] * len(ends)
                kind += ["step"] * len(ends)
                x.extend(ends / per_epoch)
                value.extend(means)
        for epoch, acc in enumerate(list(progress.val.get(a, ()))):
            name.append(label)
            panel.append(acc_label)
            kind.append("epoch")
            x.append(epoch + 1.0)
            value.append(acc)
    return {
        "name": name,
        "panel": panel,
        "kind": kind,
        "x": np.asarray(x, dtype=np.float64),
        "value": np.asarray(value, dtype=np.float64),
    }


def _curves_alt(progress: LiveCurves, lang: str) -> str:
    """The chart's text alternative: where each line is now."""
    parts = []
    for a in progress.plan.activations:
        steps = list(progress.steps.get(a, ()))
        if not steps:
            continue
        _, loss = _means([s[0] for s in steps[-10:]], 1)
        _, acc = _means([s[1] for s in steps[-10:]], 1)
        val = list(progress.val.get(a, ()))
        parts.append(
            t(
                "alt_line",
                lang,
                name=act_title(a, lang),
                steps=len(steps),
                loss=_num(float(loss[0]), lang, ".2f"),
                acc=_pct(float(acc[0]), lang),
                val=", ".join(_pct(v, lang) for v in val) or "—",
            )
        )
    return t("alt", lang) + "; ".join(parts)


def _curves_chart(progress: LiveCurves, lang: str) -> charts.DemoChart:
    labels = tuple(act_title(a, lang) for a in progress.plan.activations)
    template = _curves_template(
        labels, progress.plan.epochs, t("loss", lang), t("accuracy_short", lang), t("epoch", lang)
    )
    return charts.DemoChart(template, {"curves": curve_rows(progress, lang)})


@functools.lru_cache(maxsize=64)
def _curves_template(
    labels: tuple[str, ...], epochs: int, loss: str, accuracy: str, epoch: str
) -> dict[str, Any]:
    def field_(name: str, kind: str, **options: Any) -> dict[str, Any]:
        return {"field": name, "type": kind, **options}

    colour = field_("name", "nominal", scale={"domain": list(labels), "scheme": "tableau10"}, title=None,
                    legend={"orient": "top"})  # fmt: skip
    x = field_("x", "quantitative", scale={"domain": [0, epochs]}, axis={"tickMinStep": 1}, title=epoch)

    def panel(title: str, domain: list[float] | None) -> dict[str, Any]:
        y = field_(
            "value", "quantitative", title=None, scale={"domain": domain} if domain else {"zero": True}
        )
        tooltip = [field_("name", "nominal"), field_("x", "quantitative", format=".2f"),
                   field_("value", "quantitative", format=".3f")]  # fmt: skip
        return {
            "title": title,
            "width": 300,
            "height": 190,
            "transform": [{"filter": {"field": "panel", "equal": title}}],
            "layer": [
                {
                    "transform": [{"filter": {"field": "kind", "equal": "step"}}],
                    "mark": {"type": "line", "strokeWidth": 1.6, "clip": True},
                    "encoding": {"x": x, "y": y, "color": colour, "tooltip": tooltip},
                },
                {
                    "transform": [{"filter": {"field": "kind", "equal": "epoch"}}],
                    "mark": {"type": "line", "strokeDash": [5, 3], "point": {"filled": True, "size": 60}},
                    "encoding": {"x": x, "y": y, "color": colour, "tooltip": tooltip},
                },
            ],
        }

    return {
        "data": {"name": "curves"},
        "hconcat": [panel(loss, None), panel(accuracy, [0.0, 1.0])],
        "resolve": {"scale": {"color": "shared"}},
    }
