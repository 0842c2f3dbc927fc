"""The `train` demo's core: live training (glossary.cnn.live) and the server-wide queue (ui.training).

What is asserted about learning was measured first (2026-12-04, 1 torch thread, 8-bit images): on the
seed's layers, 3,000 images, 2 epochs, seed 0, ReLU ends at 0.435 held-out accuracy and sigmoid at 0.157
(chance is 1/6 = 0.167); ReLU's first epoch already gave 0.377. Seeds 1 and 2: 0.427/0.180, 0.438/0.188.
"""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
import torch

from glossary.cnn import live, shapes
from glossary.cnn import model as cnn
from glossary.corpus.demos import CNN_ACTIVATIONS, CNN_NETWORKS, DEMOS, TRAIN_SIZES
from glossary.ui import training


@pytest.fixture(scope="module")
def small() -> tuple[live.LazySet, tuple[torch.Tensor, torch.Tensor]]:
    """192 training and 120 validation images: enough to train a few steps in well under a second."""
    data = live.LazySet(192, 11)
    X, y = shapes.generate(120, 12)
    return data, (torch.from_numpy(X), torch.from_numpy(y))


# ---- data ---------------------------------------------------------------------------------------------


def test_the_lazy_set_draws_what_generate_draws():
    lazy = live.LazySet(50, 3)
    lazy.ensure(np.array([49, 0, 7]))
    assert not lazy.complete
    lazy.ensure(np.arange(50))
    X, y = shapes.generate(50, 3)
    assert lazy.complete and np.array_equal(lazy.y, y)
    images, labels = lazy.batch(np.arange(50))
    assert images.dtype == torch.float32 and np.array_equal(labels.numpy(), y)
    assert np.abs(images.numpy() - X).max() <= 0.5 / 255 + 1e-6  # 8-bit pixels
    assert np.abs(images.numpy() - X).mean() < 0.25 / 255
    assert lazy.X.nbytes == X.nbytes // 4


def test_training_sets_are_cached_per_size_and_seed():
    live.clear_caches()
    a = live.training_set("small", 4)
    assert live.training_set("small", 4) is a
    assert live.training_set("small", 5) is not a
    assert len(a) == live.SIZES["small"]
    for seed in range(live.MAX_CACHED_SETS + 1):
        live.training_set("small", 100 + seed)
    assert live.training_set("small", 4) is not a  # the oldest went
    live.clear_caches()


def test_the_registry_offers_what_the_trainer_accepts():
    spec = DEMOS["train"]
    assert TRAIN_SIZES == tuple(live.SIZES)
    assert spec.setting("activations").choices == CNN_ACTIVATIONS == cnn.ACTIVATIONS
    assert spec.setting("network").choices == CNN_NETWORKS == cnn.VARIANTS
    assert spec.setting("seed").max == live.MAX_SEED
    defaults = spec.defaults()
    plan = live.Plan(
        defaults["network"],
        tuple(defaults["activations"]),
        defaults["lr"],
        defaults["epochs"],
        defaults["size"],
        defaults["seed"],
    )
    assert plan == live.Plan()  # the block's defaults are the default run of the benchmark
    for lr in spec.setting("lr").choices:
        live.Plan(lr=lr)


@pytest.mark.parametrize(
    "bad",
    [
        {"variant": "deep"},
        {"activations": ()},
        {"activations": ("relu", "relu")},
        {"activations": ("gelu",)},
        {"epochs": 6},
        {"seed": 1000},
        {"size": "large"},
        {"lr": 0.0},
    ],
)
def test_a_bad_plan_is_refused(bad):
    with pytest.raises(ValueError):
        live.Plan(**bad)


# ---- training -----------------------------------------------------------------------------------------


def test_one_activation_trains_exactly_like_the_command_line_code(small):
    """Same data, seed 0 (model.train's torch seed): the same history as glossary.cnn.model.train."""
    data, val = small
    data.ensure(np.arange(len(data)))
    torch.set_num_threads(1)
    _, history = cnn.train(
        "relu",
        "pooled",
        data=(data.images(np.arange(len(data))), data.y),  # the pixels train_live's batches hold
        val=(val[0].numpy(), val[1].numpy()),
        epochs=2,
        progress=False,
    )
    outcome = live.train_live(
        live.Plan("pooled", ("relu",), 0.005, 2, "small", 0), data=data, val=val, threads=1
    )
    assert outcome.curves["relu"].val_acc == pytest.approx(history["val_acc"], abs=1e-4)
    assert outcome.curves["relu"].val_loss == pytest.approx(history["val_loss"], abs=1e-4)
    assert not outcome.stopped and outcome.held_out["relu"] == pytest.approx(history["val_acc"][-1], abs=1e-4)


def test_same_settings_and_seed_give_the_same_curves(small):
    data, val = small
    plan = live.Plan("seed", ("relu", "tanh"), 0.01, 2, "small", 5)
    steps: list[live.Step] = []
    first = live.train_live(plan, data=data, val=val, threads=1, on_step=steps.append)
    torch.manual_seed(123)  # the process's generator does not matter: init is seeded inside
    second = live.train_live(plan, data=data, val=val, threads=1)
    for a in plan.activations:
        assert first.curves[a].step_loss == second.curves[a].step_loss
        assert first.curves[a].val_acc == second.curves[a].val_acc
    assert np.array_equal(first.confusion["relu"], second.confusion["relu"])
    other = live.train_live(live.Plan("seed", ("relu", "tanh"), 0.01, 2, "small", 6), data=data, val=val)
    assert other.curves["relu"].step_loss != first.curves["relu"].step_loss  # the seed matters
    per_net = -(-len(data) // live.BATCH_SIZE) * plan.epochs
    assert [s.done for s in steps] == list(range(1, 2 * per_net + 1))
    assert [s.activation for s in steps[:4]] == ["relu", "tanh", "relu", "tanh"]  # interleaved
    assert sum(s.val_accuracy is not None for s in steps) == 2 * plan.epochs
    assert first.confusion["relu"].sum() == len(val[1])
    assert np.trace(first.confusion["relu"]) / len(val[1]) == pytest.approx(first.held_out["relu"])


def test_the_process_generator_is_left_alone(small):
    data, val = small
    torch.manual_seed(77)
    expected = torch.rand(3)
    torch.manual_seed(77)
    live.train_live(live.Plan("seed", ("relu",), 0.005, 1, "small", 1), data=data, val=val)
    assert torch.equal(torch.rand(3), expected)


@pytest.mark.parametrize("after", [1, 5, 8])
def test_stop_takes_effect_within_one_step(small, after):
    data, val = small
    stop = threading.Event()
    seen: list[live.Step] = []

    def on_step(step: live.Step) -> None:
        seen.append(step)
        if step.done == after:
            stop.set()

    outcome = live.train_live(
        live.Plan("pooled", ("relu", "sigmoid"), 0.005, 3, "small", 0),
        data=data,
        val=val,
        on_step=on_step,
        stop=stop,
    )
    assert outcome.stopped
    assert len(seen) == after  # not one optimiser step after the flag
    assert outcome.held_out == {} and outcome.best is None
    assert sum(len(c.step_loss) for c in outcome.curves.values()) == after


def test_stop_while_images_are_drawn():
    stop = threading.Event()
    stop.set()
    lazy = live.LazySet(100, 9)
    with pytest.raises(live.Stopped):
        lazy.ensure(np.arange(100), stop)
    assert not lazy._made.any()


@pytest.mark.slow
def test_relu_beats_sigmoid_on_the_seed_layers_after_two_epochs():
    """The seed's claim on the seed's own layers, measured: 3,000 images, 2 epochs, seed 0."""
    outcome = live.train_live(live.Plan("seed", ("relu", "sigmoid"), 0.005, 2, "small", 0), threads=1)
    relu, sigmoid = outcome.held_out["relu"], outcome.held_out["sigmoid"]
    assert relu == pytest.approx(0.435, abs=0.03)
    assert sigmoid == pytest.approx(0.157, abs=0.03)
    assert sigmoid < 1 / 6 + 0.05  # sigmoid is still about guessing
    assert relu - sigmoid > 0.2  # by more than 20 percentage points
    assert outcome.curves["relu"].val_acc[0] > outcome.curves["sigmoid"].val_acc[-1] + 0.15  # and faster
    assert outcome.best == "relu"


# ---- the queue ----------------------------------------------------------------------------------------


class Gate:
    """A job body that runs until released (or stopped), recording that it ran."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()

    def __call__(self, job: training.Job) -> str:
        self.started.set()
        while not (self.release.is_set() or job.stop.is_set()):
            time.sleep(0.01)
        return "done"


def wait_for(predicate, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@pytest.fixture
def one_at_a_time():
    finished: list[int] = []
    sched = training.Scheduler(
        1, heartbeat=60, watch_every=0.02, on_finish=lambda job: finished.append(job.id)
    )
    sched.finished = finished  # type: ignore[attr-defined]
    yield sched
    sched.close()


def test_with_a_limit_of_one_the_second_waits_and_knows_its_place(one_at_a_time):
    sched = one_at_a_time
    first, second, third = Gate(), Gate(), Gate()
    a = sched.submit("session-a", first)
    assert first.started.wait(5)
    b = sched.submit("session-b", second)
    c = sched.submit("session-c", third)
    time.sleep(0.1)
    assert (a.state, b.state, c.state) == ("running", "queued", "queued")
    assert not second.started.is_set()
    assert (sched.place(a), sched.place(b), sched.place(c)) == (0, 1, 2)
    assert sched.counts() == (1, 2)
    first.release.set()
    assert second.started.wait(5)
    wait_for(lambda: a.finished.is_set())
    assert a.state == "done" and a.result == "done" and b.state == "running"
    assert sched.place(c) == 1 and not third.started.is_set()
    second.release.set()
    third.release.set()
    wait_for(lambda: c.finished.is_set())
    assert sched.counts() == (0, 0)
    assert sched.finished == [a.id, b.id, c.id]


def test_one_job_per_session(one_at_a_time):
    sched = one_at_a_time
    gate = Gate()
    a = sched.submit("session-a", gate)
    assert sched.submit("session-a", Gate()) is a
    assert sched.job_of("session-a") is a
    gate.release.set()
    wait_for(lambda: a.finished.is_set())
    assert sched.job_of("session-a") is None
    again = Gate()
    b = sched.submit("session-a", again)  # once it is over, the session may train again
    assert b is not a and again.started.wait(5)
    again.release.set()


def test_a_waiting_job_that_stops_leaves_the_queue(one_at_a_time):
    sched = one_at_a_time
    first, second, third = Gate(), Gate(), Gate()
    a = sched.submit("a", first)
    first.started.wait(5)
    b = sched.submit("b", second)
    c = sched.submit("c", third)
    b.request_stop("button")
    sched.wake()
    wait_for(lambda: b.finished.is_set())
    assert b.state == "stopped" and not second.started.is_set()
    assert sched.place(c) == 1
    first.release.set()
    assert third.started.wait(5)
    third.release.set()
    assert a.result == "done"


def test_the_running_job_stops_when_its_page_stops_polling():
    sched = training.Scheduler(1, heartbeat=0.3, watch_every=0.02)
    try:
        gate = Gate()
        a = sched.submit("a", gate)
        gate.started.wait(5)
        for _ in range(5):  # polled: keeps running
            time.sleep(0.1)
            a.touch()
        assert a.state == "running"
        assert a.finished.wait(3)  # not polled any more
        assert a.state == "stopped" and a.stop_reason == "left"
    finally:
        sched.close()


def test_time_the_whole_process_stood_still_does_not_count_against_a_page(monkeypatch):
    real_sleep = time.sleep
    calls = []

    def sleep(seconds: float) -> None:  # the watchdog's first nap lasts 1.5 s: the process "froze"
        if threading.current_thread().name != "training-watchdog":
            return real_sleep(seconds)
        calls.append(seconds)
        real_sleep(1.5 if len(calls) == 1 else seconds)

    sched = training.Scheduler(1, heartbeat=1.0, watch_every=0.05)
    try:
        gate = Gate()
        monkeypatch.setattr(training.time, "sleep", sleep)
        a = sched.submit("a", gate)
        gate.started.wait(5)
        wait_for(lambda: len(calls) >= 3)  # woke late once, then on time: the page is not blamed
        assert a.state == "running" and not a.stop.is_set()
        assert a.finished.wait(5)  # and with no poll after that, it does stop
        assert a.stop_reason == "left"
    finally:
        monkeypatch.undo()
        sched.close()


def test_a_job_stops_when_its_session_is_gone():
    alive = threading.Event()
    alive.set()
    sched = training.Scheduler(1, heartbeat=60, watch_every=0.02)
    try:
        gate = Gate()
        a = sched.submit("a", gate, alive=alive.is_set)
        gate.started.wait(5)
        time.sleep(0.1)
        assert a.state == "running"
        alive.clear()  # the websocket closed
        assert a.finished.wait(3)
        assert a.state == "stopped" and a.stop_reason == "left"
    finally:
        sched.close()


def test_a_failing_job_is_reported_and_frees_its_place(one_at_a_time):
    sched = one_at_a_time

    def broken(job: training.Job) -> None:
        raise RuntimeError("out of paper")

    a = sched.submit("a", broken)
    assert a.finished.wait(5)
    assert a.state == "failed" and "out of paper" in a.error
    gate = Gate()
    sched.submit("b", gate)
    assert gate.started.wait(5)
    gate.release.set()


def test_two_at_once_with_a_limit_of_two():
    sched = training.Scheduler(2, heartbeat=60, watch_every=0.02)
    try:
        gates = [Gate() for _ in range(3)]
        jobs = [sched.submit(f"s{i}", g) for i, g in enumerate(gates)]
        assert gates[0].started.wait(5) and gates[1].started.wait(5)
        time.sleep(0.1)
        assert not gates[2].started.is_set() and sched.place(jobs[2]) == 1
        for g in gates:
            g.release.set()
        wait_for(lambda: all(j.finished.is_set() for j in jobs))
    finally:
        sched.close()


@pytest.mark.parametrize(("raw", "expected"), [("", 1), ("3", 3), ("0", 1), ("-2", 1), ("many", 1)])
def test_the_limit_comes_from_the_environment(monkeypatch, raw, expected):
    monkeypatch.setenv(training.ENV_LIMIT, raw)
    assert training.limit_from_env() == expected


def test_a_real_training_through_the_queue_stops_on_request(small):
    data, val = small
    sched = training.Scheduler(1, heartbeat=60, watch_every=0.02)
    try:
        steps: list[live.Step] = []
        plan = live.Plan("pooled", ("relu",), 0.005, 5, "small", 0)
        job = sched.submit(
            "a", lambda job: live.train_live(plan, data=data, val=val, on_step=steps.append, stop=job.stop)
        )
        wait_for(lambda: len(steps) >= 3)
        job.request_stop("button")
        assert job.finished.wait(2)
        assert job.state == "stopped" and job.result.stopped
        assert len(steps) < plan.total_steps
    finally:
        sched.close()


# ---- what the page says -------------------------------------------------------------------------------


def _outcome(held: dict[str, float], first: dict[str, float], epochs: int = 2) -> live.Outcome:
    plan = live.Plan("pooled", tuple(held), 0.005, epochs, "small", 0)
    curves = {a: live.Curves(val_acc=[first[a]] + [held[a]] * (epochs - 1)) for a in held}
    return live.Outcome(plan, {}, curves, False, 1.0, held_out=held)


def test_the_reading_is_computed_from_the_numbers():
    from glossary.ui.demos.train import reading

    text = " ".join(reading(_outcome({"relu": 0.83, "sigmoid": 0.33}, {"relu": 0.61, "sigmoid": 0.17}), "en"))
    assert "**ReLU** learnt best: 83%" in text
    assert "50 percentage points more than Sigmoid (33%)" in text
    assert "ReLU converged faster: 61% after the first epoch, Sigmoid 17%" in text
    other = " ".join(reading(_outcome({"relu": 0.5, "tanh": 0.71}, {"relu": 0.4, "tanh": 0.3}), "en"))
    assert "learnt best: 71%" in other and "21 percentage points more than ReLU (50%)" in other
    assert "ReLU converged faster" in other  # faster in epoch 1 is not the same as best at the end
    tie = " ".join(
        reading(_outcome({"relu": 0.80, "leaky_relu": 0.81}, {"relu": 0.5, "leaky_relu": 0.5}), "pl")
    )
    assert "niemal tak samo" in tie and "Szybciej" not in tie
    near = " ".join(reading(_outcome({"sigmoid": 0.18}, {"sigmoid": 0.18}, 1), "en"))
    assert "still close to guessing" in near


def test_the_live_chart_keeps_few_points_and_puts_validation_at_whole_epochs():
    from glossary.ui.demos.train import LiveCurves, curve_rows

    plan = live.Plan("pooled", ("relu", "sigmoid"), 0.005, 5, "medium", 0)
    progress = LiveCurves("train", plan, total=plan.total_steps)
    per_epoch = plan.steps_per_epoch
    done = 0
    for epoch in range(5):
        for k in range(per_epoch):
            for a in plan.activations:
                done += 1
                val = 0.5 + epoch / 10 if k == per_epoch - 1 else None
                progress.add(live.Step(a, epoch, k, 1.0 / (done + 1), 0.5, done, plan.total_steps, val))
    rows = curve_rows(progress, "en")
    assert len(rows["x"]) <= 2 * 2 * 120 + 2 * 5
    epochs = [x for x, kind in zip(rows["x"], rows["kind"], strict=True) if kind == "epoch"]
    assert epochs == [1.0, 2.0, 3.0, 4.0, 5.0] * 2
    steps = [x for x, kind in zip(rows["x"], rows["kind"], strict=True) if kind == "step"]
    assert max(steps) == pytest.approx(5.0) and min(steps) > 0
    assert np.isfinite(rows["value"]).all()
