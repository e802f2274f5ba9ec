"""Project configuration: pydantic models and the project.yaml loader."""

from reporter.config.load import load_project
from reporter.config.models import SIDES, Project, Side

__all__ = ["Project", "SIDES", "Side", "load_project"]
