"""HTML pages of the service (jinja2 with autoescaping: names and free text can never inject markup)."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from reporter.render.assets import TEMPLATES_DIR

SERVICE_TEMPLATES = TEMPLATES_DIR / "service"

# No scripts at all; styles inline; the preview is a same-origin, sandboxed frame.
PAGE_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-src 'self'; "
            "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
LOGIN_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; frame-ancestors 'self'"


@lru_cache(maxsize=1)
def environment() -> Environment:
    """Templates under ``templates/service/``, autoescape on for every template."""
    env = Environment(loader=FileSystemLoader(str(SERVICE_TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["urlpart"] = lambda value: quote(str(value), safe="")
    return env


def municipality_page(*, project: dict, municipality: str, slug: str, files: dict[str, str]) -> str:
    """The page of one municipality: its profile previewed (the profile's HTML rendering) and linked as PDF/DOCX.

    ``files`` maps format (``pdf``, ``docx``, ``html``) to the output name under ``/projects/<id>/files/``.
    """
    return environment().get_template("municipality.html.j2").render(
        project=project, municipality=municipality, slug=slug, files=files)


def login_page(*, csrf: str) -> str:
    """The sign-in form (a token → a server-side session; ``csrf`` ties the form to this browser)."""
    return environment().get_template("login.html.j2").render(csrf=csrf)
