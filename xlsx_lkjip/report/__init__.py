"""What the results are presented as: the rekap workbook and its XML rows, the CSV tables, the multi-round
recap, and the agency's summary sheet added to a completed workbook.  Nothing is recomputed here."""
