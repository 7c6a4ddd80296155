"""gunicorn's settings in production (``gunicorn -c python:portal.gunicorn_conf``).

gunicorn writes ``Server: gunicorn`` on every HTTP/1 answer and has no setting to leave it out
(it also drops a ``Server`` header set by the application). Naming the server software only
helps whoever looks for a known flaw, so the answer's first lines are written without it.
"""

from gunicorn.http import wsgi

bind = "0.0.0.0:8000"
workers = 3
accesslog = "-"

_default_headers = wsgi.Response.default_headers


def _default_headers_without_server(self):
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


wsgi.Response.default_headers = _default_headers_without_server
