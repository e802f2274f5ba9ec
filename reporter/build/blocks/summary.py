"""Blocks of the evaluation summary (filled in by the evaluation-summary template work)."""
