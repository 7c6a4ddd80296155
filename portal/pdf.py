"""PDF documents made with WeasyPrint, on A4, that fetch nothing from the outside world.

The URL fetcher serves the project's own static files only (``/static/…``, found through the
staticfiles finders, else in ``STATIC_ROOT``). Everything else — ``file://``, ``http(s)://``
to any host, internal addresses typed by a user — is refused, so a template or a user's text
can never make the server read a local file or call another machine. Images made on the fly,
such as QR codes, are embedded inline as ``data:image/png;base64,…`` (decoded, not fetched).
"""

import base64
import logging
import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils._os import safe_join

# WeasyPrint logs every layout step at INFO (and some at import): a batch of 300 letters
# would flood the logs. Quieted before the import.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

# Relative URLs in the documents resolve against this base; it names no real machine.
BASE_URL = "https://static.pdf.invalid/"
_BASE_HOST = urlsplit(BASE_URL).hostname


class RefusedURL(ValueError):
    """A document asked for something other than one of the project's static files."""


def static_file_for(url: str) -> Path:
    """The static file a document URL names, or ``RefusedURL``."""
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.hostname != _BASE_HOST or parts.port is not None:
        raise RefusedURL(f"Adresse refusée dans un PDF : {url[:200]}")
    prefix = urlsplit(settings.STATIC_URL).path
    path = unquote(parts.path)
    if not path.startswith(prefix):
        raise RefusedURL(f"Seuls les fichiers statiques du portail sont servis : {url[:200]}")
    relative = posixpath.normpath(path[len(prefix) :]).lstrip("/")
    if relative.startswith("..") or not relative or relative == ".":
        raise RefusedURL(f"Chemin refusé : {url[:200]}")
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation:
        found = None
    if not found and settings.STATIC_ROOT:
        try:
            candidate = Path(safe_join(str(settings.STATIC_ROOT), relative))
        except SuspiciousFileOperation:
            candidate = None
        found = str(candidate) if candidate and candidate.is_file() else None
    if not found:
        raise RefusedURL(f"Fichier statique introuvable : {relative}")
    return Path(found)


_PNG_DATA = "data:image/png;base64,"


class StaticOnlyFetcher(URLFetcher):
    """WeasyPrint URL fetcher that opens static files and nothing else. Inline PNG data
    (``data:image/png;base64,…``, e.g. a QR code) is decoded: it names no place to fetch."""

    def fetch(self, url, headers=None):
        if url.startswith(_PNG_DATA):
            try:
                body = base64.b64decode(url[len(_PNG_DATA) :], validate=True)
            except ValueError as exc:
                raise RefusedURL("Image PNG en ligne illisible.") from exc
            return URLFetcherResponse(url[:40], body, {"Content-Type": "image/png"})
        path = static_file_for(url)
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime_type})


_A4 = "@page { size: A4; }"


def _layout(html: str):
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher())
    return document.render(stylesheets=[CSS(string=_A4)])


def html_to_pdf(html: str, *, accessible: bool = False) -> bytes:
    """Render an HTML string to PDF bytes, on A4 pages. ``accessible`` writes a tagged
    PDF/UA-1 document (structure tree, language, title) for screen readers."""
    if accessible:
        return _layout(html).write_pdf(pdf_variant="pdf/ua-1")
    return _layout(html).write_pdf()


def render_document(template_name: str, context: dict):
    """Lay out a template without writing it: ``document.pages`` can be merged with other
    documents' pages (``document.copy(pages).write_pdf()``)."""
    return _layout(render_to_string(template_name, context))


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a Django template to PDF bytes, A4."""
    return html_to_pdf(render_to_string(template_name, context))
