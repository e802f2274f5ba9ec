"""The URL fetcher WeasyPrint loads a document's resources through: project files and data: URLs only."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from reporter.render.assets import URLRefused, allowed_roots, content_type, url_to_path


class SafeURLFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves ``data:`` URLs and files under :func:`allowed_roots` only.

    Every other ``file://`` URL and every network URL (http, https, ftp, …) raises :class:`URLRefused`;
    WeasyPrint then leaves the resource out and logs a warning, so a document can never pull in
    local secrets or call out to the network.
    """

    def __init__(self, roots: tuple[Path, ...] | None = None, **kwargs):
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False, **kwargs)
        self.roots = tuple(Path(r).resolve() for r in (roots or allowed_roots()))

    def fetch(self, url, headers=None):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise URLRefused(f"refused URL (only project files are allowed): {url}")
        path = url_to_path(url)
        if not any(path.is_relative_to(root) for root in self.roots):
            raise URLRefused(f"refused file outside styles/, templates/, brands and fonts: {path}")
        if not path.is_file():
            raise URLRefused(f"no such file: {path}")
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type(path)})
