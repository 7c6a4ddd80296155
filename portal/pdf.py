"""PDF documents made with WeasyPrint, on A4, that fetch nothing from the outside world.

The URL fetcher serves the project's own static files only (``/static/…``, found through the
staticfiles finders, else in ``STATIC_ROOT``). Everything else — ``file://``, ``http(s)://``
to any host, internal addresses typed by a user — is refused, so a template or a user's text
can never make the server read a local file or call another machine. Images made on the fly,
such as QR codes, are embedded inline as ``data:image/png;base64,…`` (decoded, not fetched).

WeasyPrint is imported on first use, never when this module is: it needs system libraries
(Pango) that a developer's machine may lack, and the site must still start and serve its
pages there. Without them every PDF function raises ``PdfUnavailable``, whose message says
which Debian packages to install; ``pdf_available()`` tells beforehand.
"""

import base64
import functools
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

logger = logging.getLogger(__name__)

# The Debian packages WeasyPrint needs (the README lists them with the optional ones).
SYSTEM_PACKAGES = ("libpango-1.0-0", "libpangoft2-1.0-0")
UNAVAILABLE_MESSAGE = (
    "La création de PDF n'est pas disponible sur ce serveur : il manque les bibliothèques "
    f"Pango (paquets Debian {' '.join(SYSTEM_PACKAGES)})."
)


class PdfUnavailable(RuntimeError):
    """WeasyPrint cannot run on this machine: its system libraries are missing."""

    def __init__(self, message: str = UNAVAILABLE_MESSAGE):
        super().__init__(message)


@functools.cache
def _weasyprint():
    """The ``weasyprint`` module, or ``None`` when its libraries cannot be loaded (cffi
    raises ``OSError`` at import when Pango is missing; the result is kept, a failed import
    is not retried at every request)."""
    try:
        import weasyprint
        import weasyprint.urls
    except OSError as exc:
        logger.warning("WeasyPrint indisponible : %s", exc)
        return None
    return weasyprint


def pdf_available() -> bool:
    """Whether PDFs can be made on this machine (imports WeasyPrint once)."""
    return _weasyprint() is not None


def _require_weasyprint():
    weasyprint = _weasyprint()
    if weasyprint is None:
        raise PdfUnavailable
    return weasyprint


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


def fetch_static(url: str) -> tuple[bytes, str]:
    """The body and MIME type a document may have at ``url``: inline PNG data (e.g. a QR
    code) decoded, else one of the project's static files; anything else is refused."""
    if url.startswith(_PNG_DATA):
        try:
            body = base64.b64decode(url[len(_PNG_DATA) :], validate=True)
        except ValueError as exc:
            raise RefusedURL("Image PNG en ligne illisible.") from exc
        return body, "image/png"
    path = static_file_for(url)
    return path.read_bytes(), mimetypes.guess_type(path.name)[0] or "application/octet-stream"


@functools.cache
def _fetcher_class():
    """WeasyPrint's fetcher class, subclassed once WeasyPrint is importable."""
    urls = _require_weasyprint().urls

    class StaticOnlyFetcher(urls.URLFetcher):
        """WeasyPrint URL fetcher that opens static files and nothing else
        (``fetch_static``)."""

        def fetch(self, url, headers=None):
            body, mime_type = fetch_static(url)
            return urls.URLFetcherResponse(
                url[:40] if url.startswith(_PNG_DATA) else url, body, {"Content-Type": mime_type}
            )

    return StaticOnlyFetcher


def __getattr__(name):
    # ``pdf.StaticOnlyFetcher`` is built on first use, with WeasyPrint.
    if name == "StaticOnlyFetcher":
        return _fetcher_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_A4 = "@page { size: A4; }"


def _layout(html: str):
    """Raises ``PdfUnavailable`` when WeasyPrint cannot run here."""
    weasyprint = _require_weasyprint()
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher_class()())
    return document.render(stylesheets=[weasyprint.CSS(string=_A4)])


def html_to_pdf(html: str, *, accessible: bool = False) -> bytes:
    """Render an HTML string to PDF bytes, on A4 pages. ``accessible`` writes a tagged
    PDF/UA-1 document (structure tree, language, title) for screen readers. Raises
    ``PdfUnavailable`` when WeasyPrint cannot run here."""
    if accessible:
        return _layout(html).write_pdf(pdf_variant="pdf/ua-1")
    return _layout(html).write_pdf()


def render_document(template_name: str, context: dict):
    """Lay out a template without writing it: ``document.pages`` can be merged with other
    documents' pages (``document.copy(pages).write_pdf()``). Raises ``PdfUnavailable`` when
    WeasyPrint cannot run here."""
    return _layout(render_to_string(template_name, context))


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a Django template to PDF bytes, A4. Raises ``PdfUnavailable`` when WeasyPrint
    cannot run here."""
    return html_to_pdf(render_to_string(template_name, context))
