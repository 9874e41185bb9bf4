"""Driving the stages: completing one workbook, a batch with its worker pool, `check`, the rounds of
`lkjip rekap`, and `lkjip watch` with its per-workbook result files."""
