"""Backup and restore: one directory holding ``pg_dump -Fc`` of the database, a tar of the
media files (welcome packs, event PDFs, desk logos, report PDFs) and a manifest.

    manage.py backup  --output var/backups/2026-11-27
    manage.py restore --input var/backups/2026-11-27 --database-url postgres://… --media-root …

PostgreSQL only: the client programs ``pg_dump`` and ``pg_restore`` do the database part."""

import json
import os
import re
import shutil
import subprocess
import tarfile
from datetime import datetime
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

DUMP = "database.dump"
MEDIA = "media.tar.gz"
MANIFEST = "manifest.json"
POSTGRES_ENGINES = {"django.db.backends.postgresql"}


class BackupError(Exception):
    """A failure explained in French, for the command to print."""


# --------------------------------------------------------------------------- connections
def url_from_settings(settings_dict):
    """A ``postgres://`` URL for a Django DATABASES entry (what the running site uses)."""
    if settings_dict["ENGINE"] not in POSTGRES_ENGINES:
        raise BackupError("La sauvegarde demande PostgreSQL (DATABASE_URL).")
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{auth}{host}:{port}/{quote(settings_dict['NAME'], safe='')}"


def parse_url(url):
    """(libpq environment, database name) for a ``postgres://`` URL; the password goes in
    PGPASSWORD, never on a command line."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise BackupError("La sauvegarde demande PostgreSQL (DATABASE_URL).")
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise BackupError(f"Nom de base absent de l'adresse {redact(url)}.")
    env = {
        "PGHOST": parts.hostname or "127.0.0.1",
        "PGPORT": str(parts.port or 5432),
        "PGDATABASE": name,
    }
    if parts.username:
        env["PGUSER"] = unquote(parts.username)
    if parts.password:
        env["PGPASSWORD"] = unquote(parts.password)
    return env, name


def redact(url):
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


def _tool(name):
    path = shutil.which(name)
    if not path:
        raise BackupError(
            f"{name} est introuvable : installez le client PostgreSQL "
            "(apt-get install postgresql-client)."
        )
    return path


def _run(cmd, pg_env):
    result = subprocess.run(  # noqa: S603 (the client programs, arguments as a list)
        cmd, env={**os.environ, **pg_env}, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{Path(cmd[0]).name} a échoué : {result.stderr.strip()}")
    return result.stdout


def _connect(pg_env, dbname=None):
    import psycopg

    kwargs = {
        "host": pg_env["PGHOST"],
        "port": pg_env["PGPORT"],
        "dbname": dbname or pg_env["PGDATABASE"],
        "user": pg_env.get("PGUSER"),
        "password": pg_env.get("PGPASSWORD"),
        "autocommit": True,
        "connect_timeout": 10,
    }
    return psycopg.connect(**{k: v for k, v in kwargs.items() if v is not None})


# --------------------------------------------------------------------------- backup
def backup(database_url, media_root, output):
    """Write the archive into ``output`` (a new or empty directory); return the manifest."""
    pg_env, name = parse_url(database_url)
    pg_dump = _tool("pg_dump")
    output = Path(output)
    if output.exists() and any(output.iterdir()):
        raise BackupError(f"Le dossier {output} n'est pas vide : choisissez-en un autre.")
    output.mkdir(parents=True, exist_ok=True)
    _run([pg_dump, "-Fc", "--no-owner", "--no-privileges", "-f", str(output / DUMP)], pg_env)
    media_root = Path(media_root)
    files = 0
    with tarfile.open(output / MEDIA, "w:gz") as tar:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file():
                    tar.add(path, arcname=str(path.relative_to(media_root)), recursive=False)
                    files += 1
    manifest = {
        "created_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "database": name,
        "dump": DUMP,
        "dump_bytes": (output / DUMP).stat().st_size,
        "media": MEDIA,
        "media_files": files,
        "pg_dump": _run([pg_dump, "--version"], pg_env).strip(),
    }
    (output / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    return manifest


# --------------------------------------------------------------------------- restore
def _database_state(pg_env, name):
    """None when the database does not exist, else the number of tables it holds."""
    with _connect(pg_env, "postgres") as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if not exists:
        return None
    with _connect(pg_env) as conn:
        return conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', "
            "'information_schema')"
        ).fetchone()[0]


def restore(archive, database_url, media_root, force=False):
    """Load the archive into ``database_url`` (created when missing) and its media files into
    ``media_root``. A database that holds tables, or a media directory that holds files, is
    only overwritten with ``force``."""
    archive = Path(archive)
    if not (archive / DUMP).is_file() or not (archive / MEDIA).is_file():
        raise BackupError(
            f"{archive} n'est pas une sauvegarde du portail ({DUMP} et {MEDIA} attendus)."
        )
    pg_env, name = parse_url(database_url)
    pg_restore = _tool("pg_restore")
    media_root = Path(media_root)
    tables = _database_state(pg_env, name)
    if tables and not force:
        raise BackupError(
            f"La base {name} contient déjà {tables} table(s) : restauration refusée "
            "(--force pour l'écraser)."
        )
    if media_root.is_dir() and any(media_root.iterdir()) and not force:
        raise BackupError(
            f"Le dossier des médias {media_root} n'est pas vide : restauration refusée "
            "(--force pour l'écraser)."
        )
    if tables is None:
        from psycopg import sql

        with _connect(pg_env, "postgres") as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    cmd = [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "-d", name]
    if tables:
        cmd += ["--clean", "--if-exists"]
    _run([*cmd, str(archive / DUMP)], pg_env)

    media_root.mkdir(parents=True, exist_ok=True)
    files = 0
    with tarfile.open(archive / MEDIA, "r:gz") as tar:
        members = [m for m in tar.getmembers() if m.isfile()]
        tar.extractall(media_root, members=members, filter="data")
        files = len(members)
    return {"database": name, "media_root": str(media_root), "media_files": files}
