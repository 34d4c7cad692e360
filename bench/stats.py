"""Percentiles and the units the report prints."""

from __future__ import annotations

import math
import time
from collections.abc import Callable


def percentile(samples: list[float], share: float) -> float:
    """The ``share`` quantile (0–1) by linear interpolation between closest ranks."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = share * (len(ordered) - 1)
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary(samples: list[float]) -> dict[str, float]:
    """p50, p95, p99 and the sample count, as the JSON and the tables show them."""
    return {
        "p50": percentile(samples, 0.50),
        "p95": percentile(samples, 0.95),
        "p99": percentile(samples, 0.99),
        "count": len(samples),
    }


def timed_ms(call: Callable[[], object]) -> float:
    """Milliseconds one call takes, on the monotonic high-resolution clock."""
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000
