"""Writers: turn declarations and results into table, JSON, JSONL and CSV output."""
