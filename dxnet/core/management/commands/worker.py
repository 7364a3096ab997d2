import argparse
import signal
import socket
import subprocess
import sys
import time

from django.core.management.base import BaseCommand

from dxnet.core.exchange import fail_interrupted_jobs

SWEEP_SECONDS = 60  # how often jobs gone silent are looked for while the worker runs


def worker_command(interval: int) -> list[str]:
    # --no-reload: the tasks run in the process started here, whose id the jobs record as their runner.
    return [sys.executable, "-m", "dxnet.cli", "db_worker", "--no-startup-delay", "--no-reload",
            "--interval", str(interval)]


class Command(BaseCommand):
    help = ("Chạy tiến trình nền (nhập tệp lớn) và khởi động lại khi nó dừng; lần nhập đang chạy dở được đánh dấu "
            "lỗi để người dùng bấm “Thử lại”.")

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=1, help="số giây chờ giữa hai lần xem hàng đợi")
        parser.add_argument("--restart-delay", type=float, default=2.0, help="số giây chờ trước khi khởi động lại")
        parser.add_argument("--max-restarts", type=int, default=None, help=argparse.SUPPRESS)  # for tests

    def handle(self, *args, interval, restart_delay, max_restarts=None, **options):
        self.stopping, self.child = False, None
        previous = signal.signal(signal.SIGTERM, self._stop)
        restarts = 0
        try:
            fail_interrupted_jobs()
            while not self.stopping:
                self.child = subprocess.Popen(worker_command(interval))  # noqa: S603
                runner = f"{socket.gethostname()}:{self.child.pid}"[:100]
                code = self._wait()
                fail_interrupted_jobs(runner=runner)  # its transaction died with it: nothing was written
                if self.stopping or (max_restarts is not None and restarts >= max_restarts):
                    break
                restarts += 1
                self.stderr.write(f"Tiến trình chạy nền đã dừng (mã {code}); khởi động lại sau {restart_delay:g} giây.")
                time.sleep(restart_delay)
        except KeyboardInterrupt:
            self._stop()
        finally:
            signal.signal(signal.SIGTERM, previous)

    def _stop(self, *_signal):
        self.stopping = True
        if self.child is not None and self.child.poll() is None:
            self.child.terminate()

    def _wait(self) -> int:
        """Wait for the worker to exit, marking failed meanwhile the jobs that went silent elsewhere."""
        while True:
            try:
                return self.child.wait(timeout=SWEEP_SECONDS)
            except subprocess.TimeoutExpired:
                fail_interrupted_jobs()
