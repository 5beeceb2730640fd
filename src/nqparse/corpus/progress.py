"""The progress bar of an ``index`` run: files done, files/s, failures, time left."""
from __future__ import annotations


class IndexProgress:
    """A rich progress bar on stderr: files done, files/s, failures, ETA (or nothing at all)."""

    def __init__(self, total: int, skipped: int, enabled: bool):
        self.total, self.skipped, self.enabled = total, skipped, enabled
        self.failures = 0
        self._bar = None

    def __enter__(self) -> "IndexProgress":
        if not self.enabled:
            return self
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn,
                                   TimeRemainingColumn)
        from rich.text import Text

        class Rate(ProgressColumn):
            def render(self, task) -> Text:
                return Text(f"{task.speed or 0:.1f} files/s")

        self._bar = Progress(
            TextColumn("indexing"), BarColumn(), MofNCompleteColumn(), Rate(),
            TextColumn("{task.fields[failures]} failed"), TimeRemainingColumn(),
            console=Console(stderr=True), transient=False,
        )
        self._bar.start()
        self._task = self._bar.add_task("index", total=self.total, completed=self.skipped, failures=0)
        return self

    def advance(self, failed: bool) -> None:
        self.failures += failed
        if self._bar is not None:
            self._bar.update(self._task, advance=1, failures=self.failures)

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()
