"""Finding a form on a sheet: each module here maps a grid's layout to column roles, nothing more."""
