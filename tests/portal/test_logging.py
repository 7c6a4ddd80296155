import logging

from portal.logging import RedactFilter, redact


def test_secrets_and_personal_text_are_masked():
    line = redact("POST password=hunter2&sessionid=abc123 csrftoken=zzz from camille@exemple.test")
    assert "hunter2" not in line and "abc123" not in line and "zzz" not in line
    assert "camille@exemple.test" not in line


def test_constraint_details_are_masked_in_tracebacks():
    try:
        raise ValueError("duplicate key\nDETAIL:  Key (email)=(camille@exemple.test) exists.")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "échec", (), sys.exc_info())
    RedactFilter().filter(record)
    assert "camille@exemple.test" not in record.exc_text
    assert "DETAIL: [masqué]" in record.exc_text


def test_request_id_is_kept_from_the_proxy_or_made(client, db):
    from django.urls import reverse

    kept = client.get(reverse("home"), HTTP_X_REQUEST_ID="abcdef123456")
    assert kept["X-Request-ID"] == "abcdef123456"
    made = client.get(reverse("home"), HTTP_X_REQUEST_ID="<script>")
    assert made["X-Request-ID"] != "<script>" and len(made["X-Request-ID"]) == 12


def test_request_id_filter_writes_the_current_id():
    from portal.logging import RequestIdFilter, request_id_var

    token = request_id_var.set("req-12345678")
    try:
        record = logging.LogRecord("x", logging.INFO, __file__, 1, "bonjour", (), None)
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)
    assert record.request_id == "req-12345678"
