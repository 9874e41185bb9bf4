"""Builds the optional C speedups (xlsx_lkjip/_speedups.c) where a compiler exists; the metadata is in
pyproject.toml.  optional=True: without a compiler (most Windows machines) the build of the extension fails
quietly and the pure-Python code, which gives the same results, runs instead.
For development:  python setup.py build_ext --inplace"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("xlsx_lkjip._speedups", ["xlsx_lkjip/_speedups.c"], optional=True)])
