"""reporter: evaluation notes and municipality profiles from survey microdata."""

__version__ = "0.1.0"
