"""`python -m xlsx_lkjip`: the same as the `lkjip` command (cli.py)."""

from .cli import main

if __name__ == "__main__":  # a guard, so worker processes started by spawn (Windows) do not rerun the CLI
    main(prog_name="lkjip")
