"""One queue for the whole server: at most ``MAX_TRAININGS`` trainings run at once, the rest wait.

Trainings run in background threads of the Streamlit server process; a page only polls a ``Job`` (its
progress, its place in the queue) from an ``@st.fragment(run_every=...)``. The rules:

- at most ``limit`` jobs run at once in the process (env ``GLOSSARY_MAX_TRAININGS``, default 1: on 2
  cores one training takes one core, see ``glossary.cnn.live.THREADS``, and the server keeps the other);
  later ones wait first come, first served and can read their place (``Scheduler.place``);
- one job per session: asking again while one is queued or running returns that one;
- a job stops (its stop flag is set; ``train_live`` sees it within one optimiser step) when its reader
  presses Stop, when the page stops polling it for ``HEARTBEAT_SECONDS`` (the reader went to another
  page, closed the tab, or the tab was hidden long enough for the browser to stop its timers), or when
  Streamlit says the session is gone (``Runtime.is_active_session``: the websocket closed). A watchdog
  thread checks every ``WATCH_SECONDS``. A waiting job that stops leaves the queue.
- the scheduler keeps no finished job: once a job ends the only references to its networks are the
  session's (``st.session_state``), which Streamlit drops with the session; ``on_finish`` runs after
  every job (the demo hands freed heap back to the OS there).

The scheduler itself has no Streamlit in it (``tests/test_train.py`` drives it with plain functions);
``session_id()`` and ``session_alive()`` are the two links to the running server.
"""

from __future__ import annotations

import itertools
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from glossary.heap import release_memory

log = logging.getLogger(__name__)

ENV_LIMIT = "GLOSSARY_MAX_TRAININGS"
HEARTBEAT_SECONDS = 8.0  # the page polls every 0.5 s; a full page rerun under load can take a few
WATCH_SECONDS = 0.2

State = Literal["queued", "running", "done", "stopped", "failed"]


def limit_from_env(default: int = 1) -> int:
    """``GLOSSARY_MAX_TRAININGS`` as a whole number >= 1 (a bad value falls back to ``default``)."""
    raw = os.environ.get(ENV_LIMIT, "").strip()
    try:
        value = int(raw) if raw else default
    except ValueError:
        log.warning("%s=%r is not a whole number; using %d", ENV_LIMIT, raw, default)
        return default
    return max(1, value)


@dataclass(eq=False)
class Job:
    """One training asked for by one session: its state, progress and result."""

    id: int
    owner: str
    work: Callable[[Job], Any]
    alive: Callable[[], bool] | None = None
    state: State = "queued"
    stop: threading.Event = field(default_factory=threading.Event)
    finished: threading.Event = field(default_factory=threading.Event)
    stop_reason: str = ""  # "button", "left" (no heartbeat / session gone), "" while none
    stop_asked: float | None = None  # when the stop was requested (monotonic)
    created: float = field(default_factory=time.monotonic)
    started: float | None = None
    ended: float | None = None
    last_seen: float = field(default_factory=time.monotonic)
    progress: Any = None  # whatever the work reports (the demo keeps its curves here)
    result: Any = None
    error: str = ""

    def touch(self) -> None:
        """The page is still showing this job (called on every poll)."""
        self.last_seen = time.monotonic()

    def request_stop(self, reason: str) -> None:
        if not self.stop.is_set():
            self.stop_reason, self.stop_asked = reason, time.monotonic()
            self.stop.set()

    def stop_seconds(self) -> float | None:
        """From the stop request to the end of the job (None unless it was stopped and has ended)."""
        if self.stop_asked is None or self.ended is None:
            return None
        return max(0.0, self.ended - self.stop_asked)

    @property
    def active(self) -> bool:
        return self.state in ("queued", "running")

    def elapsed(self) -> float:
        """Seconds since it started running (0 while queued)."""
        if self.started is None:
            return 0.0
        return (self.ended or time.monotonic()) - self.started

    def abandoned(self, now: float, timeout: float) -> bool:
        if now - self.last_seen > timeout:
            return True
        try:
            return self.alive is not None and not self.alive()
        except Exception:  # a liveness probe that fails says nothing: keep the job
            log.exception("liveness check of job %d failed", self.id)
            return False


class Scheduler:
    """At most ``limit`` running jobs; the others wait in order of arrival."""

    def __init__(
        self,
        limit: int = 1,
        *,
        heartbeat: float = HEARTBEAT_SECONDS,
        watch_every: float = WATCH_SECONDS,
        on_finish: Callable[[Job], None] | None = None,
    ) -> None:
        if limit < 1:
            raise ValueError(f"limit must be >= 1, got {limit}")
        self.limit, self.heartbeat, self.watch_every = limit, heartbeat, watch_every
        self.on_finish = on_finish
        self._cond = threading.Condition()
        self._queue: list[Job] = []  # waiting, in order
        self._running: list[Job] = []
        self._ids = itertools.count(1)
        self._watchdog: threading.Thread | None = None
        self._closed = False

    # ---- asking and reading --------------------------------------------------------------------------

    def submit(self, owner: str, work: Callable[[Job], Any], alive: Callable[[], bool] | None = None) -> Job:
        """Queue ``work(job)`` for ``owner``; if the owner already has a job waiting or running, that
        job is returned and nothing new is queued."""
        with self._cond:
            current = self.job_of(owner)
            if current is not None:
                return current
            job = Job(next(self._ids), owner, work, alive)
            self._queue.append(job)
            threading.Thread(target=self._run, args=(job,), name=f"training-{job.id}", daemon=True).start()
            self._start_watchdog()
            self._cond.notify_all()
            return job

    def job_of(self, owner: str) -> Job | None:
        with self._cond:
            return next((j for j in self._running + self._queue if j.owner == owner), None)

    def place(self, job: Job) -> int:
        """1 for the next job to run, 2 for the one after it...; 0 when it is not waiting."""
        with self._cond:
            return self._queue.index(job) + 1 if job in self._queue else 0

    def counts(self) -> tuple[int, int]:
        """(running, waiting)."""
        with self._cond:
            return len(self._running), len(self._queue)

    def wake(self) -> None:
        """Let waiting jobs look at their stop flags now (after ``Job.request_stop``)."""
        with self._cond:
            self._cond.notify_all()

    def stop_all(self, reason: str = "shutdown") -> None:
        with self._cond:
            for job in self._running + self._queue:
                job.request_stop(reason)
            self._cond.notify_all()

    def close(self) -> None:
        """Stop every job and the watchdog (tests)."""
        self._closed = True
        self.stop_all()

    # ---- the worker and the watchdog -----------------------------------------------------------------

    def _run(self, job: Job) -> None:
        with self._cond:
            while not job.stop.is_set() and (self._queue[0] is not job or len(self._running) >= self.limit):
                self._cond.wait(self.watch_every)
            self._queue.remove(job)
            if job.stop.is_set():
                job.state = "stopped"
                job.ended = time.monotonic()
                self._cond.notify_all()
                self._finish(job)
                return
            job.state, job.started = "running", time.monotonic()
            self._running.append(job)
        try:
            job.result = job.work(job)
            job.state = "stopped" if job.stop.is_set() else "done"
        except Exception as exc:  # reported on the page, and logged with its traceback
            log.exception("training job %d failed", job.id)
            job.error = f"{type(exc).__name__}: {exc}"
            job.state = "failed"
        finally:
            job.ended = time.monotonic()
            with self._cond:
                self._running.remove(job)
                self._cond.notify_all()
            self._finish(job)

    def _finish(self, job: Job) -> None:
        job.work = _done  # drop the closure (it holds the plan and the data) as soon as it is over
        job.alive = None
        try:
            if self.on_finish is not None:
                self.on_finish(job)
        finally:
            job.finished.set()

    def _start_watchdog(self) -> None:
        if self._watchdog is None or not self._watchdog.is_alive():
            self._watchdog = threading.Thread(target=self._watch, name="training-watchdog", daemon=True)
            self._watchdog.start()

    def _watch(self) -> None:
        """Stop jobs nobody looks at any more; ends itself when there is nothing to watch.

        Time the whole process stood still (this thread woke late: a long import holding the GIL,
        the machine swapping) does not count against a page: no poll could have been served then."""
        while not self._closed:
            before = time.monotonic()
            time.sleep(self.watch_every)
            now = time.monotonic()
            stalled = now - before - self.watch_every
            with self._cond:
                jobs = self._running + self._queue
                if stalled > 0.5:
                    for job in jobs:
                        job.last_seen = min(now, job.last_seen + stalled)
                for job in jobs:
                    if not job.stop.is_set() and job.abandoned(now, self.heartbeat):
                        log.info("training job %d stopped: its page went away (last poll %.1f s ago)",
                                 job.id, now - job.last_seen)  # fmt: skip
                        job.request_stop("left")
                        self._cond.notify_all()
                if not jobs:
                    self._watchdog = None
                    return


def _done(job: Job) -> None:
    return None


_SCHEDULER: Scheduler | None = None
_SCHEDULER_LOCK = threading.Lock()


def scheduler() -> Scheduler:
    """The server's one scheduler (created on first use with the limit from the environment)."""
    global _SCHEDULER
    with _SCHEDULER_LOCK:
        if _SCHEDULER is None:
            _SCHEDULER = Scheduler(limit_from_env(), on_finish=_release)
        return _SCHEDULER


def _release(job: Job) -> None:
    release_memory()


# ---- the links to the running Streamlit server ---------------------------------------------------------


def session_id() -> str:
    """The id of the session running this script (a fixed name outside a server: tests, bare mode)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else "no-session"


def session_alive(owner: str) -> Callable[[], bool]:
    """A probe that is False once Streamlit has dropped the session (its websocket closed)."""
    from streamlit.runtime import Runtime

    def alive() -> bool:
        return not Runtime.exists() or Runtime.instance().is_active_session(owner)

    return alive
