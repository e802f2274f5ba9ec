"""Survey data: readers (CSV, XLSX, SAV) and validation into one long table."""
