"""portal.pdf: A4 documents that fetch the project's static files and nothing else."""

import base64
import http.server
import io
import threading

import pytest
from pypdf import PdfReader

from portal import pdf


@pytest.fixture
def spy_server():
    """A local HTTP server standing for an internal address: it must never be called."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()
    server.server_close()


@pytest.mark.pdf
def test_render_pdf_is_a4_with_the_text(settings):
    data = pdf.render_pdf("events/pdf/_base.html", {"desk": None, "desk_colour": "#123456"})
    reader = PdfReader(io.BytesIO(data))
    width, height = (float(value) for value in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 in points


@pytest.mark.pdf
def test_html_to_pdf_writes_text():
    data = pdf.html_to_pdf("<h1>Bonjour Anaïs</h1>")
    assert "Bonjour Anaïs" in PdfReader(io.BytesIO(data)).pages[0].extract_text()


@pytest.mark.pdf
def test_nothing_outside_static_is_fetched(spy_server, monkeypatch):
    base, hits = spy_server
    asked = []
    original = pdf.StaticOnlyFetcher.fetch

    def spy(self, url, headers=None):
        asked.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(pdf.StaticOnlyFetcher, "fetch", spy)
    html = f"""
      <link rel="stylesheet" href="{base}/style.css">
      <style>@import url("{base}/import.css"); body {{ background: url("{base}/bg.png"); }}</style>
      <p>Texte</p>
      <img src="file:///etc/passwd">
      <img src="{base}/image.png">
      <img src="https://169.254.169.254/latest/meta-data/">
      <img src="/static/../../portal/settings.py">
      <object data="file:///etc/hostname"></object>
    """
    data = pdf.html_to_pdf(html)
    assert hits == []
    content = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "root:" not in content and "SECRET_KEY" not in content
    assert any(url.startswith("file:") for url in asked)  # asked, and refused


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:8000/static/css/site.css",
        "https://static.pdf.invalid:8443/static/css/site.css",
        "https://static.pdf.invalid/media/secret.pdf",
        "https://static.pdf.invalid/static/../portal/settings.py",
        "https://static.pdf.invalid/static/%2e%2e/%2e%2e/portal/settings.py",
        "https://static.pdf.invalid/static/nope.css",
        "data:text/plain,bonjour",
        "data:image/svg+xml;base64,PHN2Zz4=",
        "data:image/png;base64,@@@",
    ],
)
def test_the_fetcher_refuses(url):
    with pytest.raises(pdf.RefusedURL):
        pdf.fetch_static(url)


def test_the_fetcher_serves_static_files():
    body, mime_type = pdf.fetch_static(pdf.BASE_URL + "static/css/site.css")
    assert b"--brand" in body
    assert mime_type == "text/css"


def test_inline_png_data_is_decoded_not_fetched():
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n").decode()
    body, mime_type = pdf.fetch_static("data:image/png;base64," + png)
    assert body == b"\x89PNG\r\n\x1a\n"
    assert mime_type == "image/png"


@pytest.mark.pdf
def test_weasyprint_fetches_through_the_static_only_fetcher():
    with pytest.raises(pdf.RefusedURL):
        pdf.StaticOnlyFetcher().fetch("file:///etc/passwd")
    response = pdf.StaticOnlyFetcher().fetch(pdf.BASE_URL + "static/css/site.css")
    assert b"--brand" in response.read()
    assert response.content_type == "text/css"


def test_without_pango_every_pdf_function_says_what_to_install(monkeypatch):
    monkeypatch.setattr(pdf, "_weasyprint", lambda: None)
    assert not pdf.pdf_available()
    for make in (
        lambda: pdf.html_to_pdf("<p>Bonjour</p>"),
        lambda: pdf.render_pdf("events/pdf/_base.html", {"desk": None, "desk_colour": "#123"}),
        lambda: pdf.render_document("events/pdf/_base.html", {"desk": None, "desk_colour": "#1"}),
    ):
        with pytest.raises(pdf.PdfUnavailable) as raised:
            make()
        assert str(raised.value) == (
            "La création de PDF n'est pas disponible sur ce serveur : il manque les "
            "bibliothèques Pango (paquets Debian libpango-1.0-0 libpangoft2-1.0-0)."
        )


@pytest.mark.pdf
def test_user_text_cannot_inject_a_fetch(spy_server, monkeypatch):
    base, hits = spy_server
    from django.template import Context, Template

    html = Template("<p>{{ note }}</p>").render(Context({"note": f'<img src="{base}/x.png">'}))
    data = pdf.html_to_pdf(html)
    assert hits == []
    assert "<img" in PdfReader(io.BytesIO(data)).pages[0].extract_text()  # shown as text
