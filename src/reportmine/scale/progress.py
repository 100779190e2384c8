"""Progress of a run: a bar with documents/s and ETA on a terminal, periodic log lines otherwise.

The total is the size in bytes of the inputs (known before reading, unlike the number of
records in a JSON Lines export); each document advances it by the bytes of its text.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def input_bytes(inputs: list[str]) -> int:
    total = 0
    for p in inputs:
        try:
            total += Path(p).stat().st_size
        except OSError:
            pass
    return total


class Progress:
    """Call with each document (or input error) as it is finished."""

    def __init__(self, total_bytes: int, show: bool | None = None, stream=None, every: float = 30.0):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if show is None else show
        self.total, self.done_bytes, self.docs, self.every = total_bytes, 0, 0, every
        self.start = self.last = time.monotonic()
        self.bar = None
        if self.tty:
            from tqdm import tqdm

            self.bar = tqdm(total=total_bytes or None, unit="B", unit_scale=True, file=self.stream,
                            desc="reportmine", dynamic_ncols=True, smoothing=0.1)

    def __call__(self, item) -> None:
        size = len(getattr(item, "text", "").encode("utf-8"))
        self.docs += 1
        self.done_bytes += size
        now = time.monotonic()
        rate = self.docs / max(now - self.start, 1e-9)
        if self.bar is not None:
            self.bar.update(size)
            self.bar.set_postfix_str(f"{self.docs} docs, {rate:.1f} docs/s", refresh=False)
        elif now - self.last >= self.every:
            self.last = now
            print(self.line(now), file=self.stream, flush=True)

    def line(self, now: float | None = None) -> str:
        now = time.monotonic() if now is None else now
        elapsed = max(now - self.start, 1e-9)
        out = f"progress: {self.docs} documents, {self.docs / elapsed:.1f} docs/s, {self.done_bytes / elapsed / 1e3:.0f} KB/s"
        if self.total and self.done_bytes:
            share = min(self.done_bytes / self.total, 1.0)
            eta = elapsed * (1 - share) / share
            out += f", {100 * share:.0f}% of input, ETA {int(eta // 60)}m{int(eta % 60):02d}s"
        return out

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        elif self.docs and time.monotonic() - self.start >= self.every:
            print(self.line(), file=self.stream, flush=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def log_every() -> float:
    """Seconds between log lines when not on a terminal (REPORTMINE_LOG_EVERY overrides)."""
    return float(os.environ.get("REPORTMINE_LOG_EVERY", "30"))
