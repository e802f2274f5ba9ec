"""Build step: metric tables → the frozen document model (note, profile, narrative, numbering)."""
