"""The `lkjip` program's own process: the console script and `python -m xlsx_lkjip` start here.

Before the command's modules load, the process is set up as only a program may set up its own: the collector
paused while thousands of objects that are never garbage are made (~4 ms), and every pattern compiled from now
on, the libraries' too, read back from what an earlier process compiled (patterns.keep_every_pattern, ~7 ms of
a `run`).  Tests and programs that embed lkjip import cli.py or api.py and get neither."""

import gc

gc.disable()
from .patterns import keep_every_pattern  # noqa: E402

keep_every_pattern()
from .cli import command  # noqa: E402

gc.enable()

__all__ = ["command"]
