"""Warm runs of a call, as median and p95 in milliseconds; the scripts of bench/ share it."""

import statistics
import time


def timed(call, runs: int = 15, before=None, seconds: float = 0) -> tuple[float, float]:
    """`before`, when given, runs ahead of each call, off the clock (a change the call is to see); with `seconds`,
    the calls go on until that long has passed (a load running beside them is sampled, not caught once)."""
    for _ in range(2):
        if before:
            before()
        call()
    times = []
    until = time.perf_counter() + seconds
    while len(times) < runs or time.perf_counter() < until:
        if before:
            before()
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def page(client, url):
    """A call that opens `url` with the test client and insists on a 200."""
    def call():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    return call
