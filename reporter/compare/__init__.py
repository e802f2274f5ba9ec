"""Compare two rendered documents (PDF or DOCX) or two output folders: text, table cells and PDF pages.

Used by ``reporter compare`` and by the golden-file tests. Nothing in the metrics, build or render layers
imports this package.
"""
