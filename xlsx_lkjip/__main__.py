"""`python -m xlsx_lkjip`: the same as the `lkjip` command (program.py, cli.py)."""

from .program import command

if __name__ == "__main__":  # a guard, so worker processes started by spawn (Windows) do not rerun the CLI
    command()
