"""`python -m xlsx_lkjip`: the same as the `lkjip` command (cli.py)."""

import gc

gc.disable()   # while the CLI's modules load: thousands of objects, none of them garbage (~4 ms of every start)
from .cli import command  # noqa: E402

gc.enable()

if __name__ == "__main__":  # a guard, so worker processes started by spawn (Windows) do not rerun the CLI
    command()
