"""Log filters: a request id on every line, and nothing secret or personal in the text."""

import contextvars
import logging
import re

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

_SECRET = re.compile(
    r"(?i)\b(password\d?|passwd|pwd|sessionid|session_key|csrftoken|csrfmiddlewaretoken|"
    r"secret|token|key)\b(\s*[=:]\s*|'\s*:\s*'|\"\s*:\s*\")([^\s&,;'\"]+)"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
# PostgreSQL repeats the offending values of a failed constraint in a DETAIL line.
_DETAIL = re.compile(r"DETAIL:.*")


def redact(text: str) -> str:
    text = _SECRET.sub(lambda m: f"{m.group(1)}{m.group(2)}***", text)
    text = _DETAIL.sub("DETAIL: [masqué]", text)
    return _EMAIL.sub("[e-mail masqué]", text)


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = request_id_var.get()
        return True


class RedactFilter(logging.Filter):
    """Masks secrets, e-mail addresses and constraint details; drops attached requests."""

    def filter(self, record):
        record.msg = redact(record.getMessage())
        record.args = ()
        if hasattr(record, "request"):
            record.request = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
            record.exc_info = None
        return True
