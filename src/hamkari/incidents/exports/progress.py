"""Counting what an export wrote, and telling a progress bar how far it got."""


class Counter:
    def __init__(self, progress=None):
        self.written = 0
        self._progress = progress

    def add(self, n: int = 1) -> None:
        """`n` incidents written."""
        self.written += n
        self.tick(n)

    def tick(self, n: int = 1) -> None:
        """`n` incidents dealt with (written or skipped)."""
        if self._progress is not None and n:
            self._progress(n)
