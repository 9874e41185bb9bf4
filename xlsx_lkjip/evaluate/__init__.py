"""From a found layout to figures: numbers as staff type them, the formulas (compute.py, pure), the Renja
and PK sheet evaluations and the workbook averages.  No file access and no XML here."""
