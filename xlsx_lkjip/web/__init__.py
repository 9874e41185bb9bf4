"""`lkjip serve`: the intake pages and API over one round folder (input/, output/, lkjip.toml).  Each agency
hands in its own workbook through its link and sees its problems at once; Bappeda watches the round fill up.
Flask + waitress, the optional `[web]` extra; nothing here is imported unless `lkjip serve` or `lkjip tautan`
runs."""
