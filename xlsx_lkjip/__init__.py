"""xlsx-lkjip: complete quarterly Renja / PK monitoring workbooks and build the regional recap.

    from xlsx_lkjip import complete_workbook, run     # the same as xlsx_lkjip.api
    from xlsx_lkjip import frames                     # the rekap's tables as DataFrames ([pandas] extra)
"""

__version__ = "0.1.0"

__all__ = ["complete_workbook", "run", "check", "frames", "__version__"]


def __getattr__(name: str):
    # Loaded on first use, so `import xlsx_lkjip` (and the modules that only need __version__) stay light.
    if name in ("complete_workbook", "run", "check", "frames"):
        from . import api
        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
