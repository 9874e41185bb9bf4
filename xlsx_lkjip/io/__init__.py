"""Reading and writing workbook files: the OOXML package, the grid a form is found on and its sheet
readers, the cell-edit writer.  Knows nothing of forms or formulas."""
