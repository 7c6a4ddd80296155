"""The production web server, started as the image starts it, does not name itself."""

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def get_healthz(port):
    # The socket listens before gunicorn starts: the request waits in its queue until a
    # worker takes it, so there is nothing to poll (bounded by the timeout).
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=90)
    try:
        # Behind the TLS proxy: the proxy says the request came in over HTTPS.
        connection.request("GET", "/healthz", headers={"X-Forwarded-Proto": "https"})
        response = connection.getresponse()
        response.read()
        return response
    finally:
        connection.close()


@pytest.fixture
def production_gunicorn(tmp_path):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    port = listener.getsockname()[1]
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "DATABASE_URL"}
    env = {key: value for key, value in os.environ.items() if key in keep}
    env.update(
        DJANGO_ENV="production",
        DJANGO_SETTINGS_MODULE="portal.settings",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
    )
    log = (tmp_path / "gunicorn.log").open("wb")
    # The image's command (Dockerfile, docker-compose.yml), on a free local port, one worker.
    process = subprocess.Popen(
        [
            str(GUNICORN),
            "-c",
            "python:portal.gunicorn_conf",
            "portal.wsgi:application",
            "--bind",
            f"fd://{listener.fileno()}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
        pass_fds=(listener.fileno(),),
    )
    try:
        yield port, tmp_path / "gunicorn.log"
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        log.close()
        listener.close()


def test_production_answers_without_naming_its_server(production_gunicorn):
    port, log_path = production_gunicorn
    try:
        response = get_healthz(port)
    except OSError as error:
        pytest.fail(f"gunicorn n'a pas répondu ({error}) : {log_path.read_text()}")
    assert response.status in {200, 503}  # the health page itself, database up or not
    assert response.getheader("Content-Type") == "application/json"
    assert response.getheader("Server") is None
