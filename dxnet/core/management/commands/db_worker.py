"""django-tasks-db's `db_worker`, noting each time round its loop that it is alive (for `/readyz`) and timing each
job (for `/metrics`). dxnet.core is listed before django_tasks_db in INSTALLED_APPS so that this one is found."""

import logging
import time

from django_tasks_db.management.commands import db_worker as base

from dxnet.core.observability import HEARTBEAT_SECONDS, JOB_DURATION, beat, forget, worker_name

logger = logging.getLogger(__name__)


class HeartbeatWorker(base.Worker):
    _running, _stopping, _beaten = True, False, 0.0

    @property
    def running(self) -> bool:
        # The library's loop reads this once a round: the one hook it offers into the loop.
        if not self._stopping and time.monotonic() - self._beaten >= HEARTBEAT_SECONDS:
            beat(self.name)
            self._beaten = time.monotonic()
        return self._running

    @running.setter
    def running(self, value: bool) -> None:
        self._running = value

    @property
    def name(self) -> str:
        return worker_name()

    def shutdown(self, signum, frame) -> None:
        self._stopping = True  # no database write from inside a signal handler
        super().shutdown(signum, frame)

    def run(self) -> None:
        try:
            super().run()
        finally:
            try:
                forget(self.name)
            except Exception:  # noqa: S110 - the row goes stale by itself within a minute
                pass

    def run_task(self, db_task_result) -> None:
        started = time.perf_counter()
        try:
            super().run_task(db_task_result)
        finally:
            try:
                JOB_DURATION.labels(db_task_result.task_path.rsplit(".", 1)[-1],
                                    db_task_result.status.lower()).observe(time.perf_counter() - started)
            except Exception:  # a figure lost is no reason to stop the worker
                logger.warning("Không ghi được thời gian chạy việc nền", exc_info=True)


class Command(base.Command):
    def handle(self, *args, **options) -> None:
        base.Worker = HeartbeatWorker  # the library builds its worker by this name in handle()
        super().handle(*args, **options)
