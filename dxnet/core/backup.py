"""Backup and restore of a whole instance: the database (pg_dump's custom format, or SQLite's online backup) and the
uploaded files, in one .tar archive with a manifest of what it holds (row counts per table and a checksum of the
audit trail), so that a restore can be checked against the instance it came from."""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection

from . import chain
from .models import AuditEntry

DATABASE_MEMBER = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore that cannot be done; its message is for the operator, in Vietnamese."""


def fingerprint() -> dict:
    """Rows per table and a SHA-256 of the audit trail in id order: equal before a backup and after its restore."""
    counts = {model._meta.db_table: model._base_manager.count() for model in apps.get_models()
              if model._meta.managed and not model._meta.proxy}
    digest = hashlib.sha256()
    for row in AuditEntry.objects.order_by("pk").values_list("pk", "at", "actor_id", "action", "content_type_id",
                                                            "object_id", "changes").iterator(chunk_size=5000):
        digest.update(json.dumps(row, default=str, sort_keys=True, ensure_ascii=False).encode())
    return {"counts": dict(sorted(counts.items())), "audit_sha256": digest.hexdigest()}


def _pg_env() -> tuple[list[str], dict]:
    db = settings.DATABASES["default"]
    args = [f"--dbname={db['NAME']}"]
    args += [f"--host={db['HOST']}"] if db.get("HOST") else []
    args += [f"--port={db['PORT']}"] if db.get("PORT") else []
    args += [f"--username={db['USER']}"] if db.get("USER") else []
    return args, {**os.environ, **({"PGPASSWORD": db["PASSWORD"]} if db.get("PASSWORD") else {})}


def _run(command: list[str], env: dict | None = None) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise BackupError(f"Lệnh {command[0]} không thành công: {done.stderr.strip()[:500]}")


def create_backup(target: Path) -> dict:
    """Write the archive at `target`; returns its manifest."""
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBER:
        raise BackupError(f"Không hỗ trợ sao lưu cơ sở dữ liệu loại {vendor}.")
    last_id, last_hash = chain.head()  # an anchor kept outside the database (dxnet audit verify --expect)
    manifest = {"format": 1, "created_at": datetime.datetime.now(datetime.UTC).isoformat(), "database": vendor,
                **fingerprint(), "audit_head": f"{last_id}:{last_hash}"}
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / DATABASE_MEMBER[vendor]
        if vendor == "postgresql":
            args, env = _pg_env()
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}", *args], env)
        else:
            connection.ensure_connection()
            with sqlite3.connect(dump) as copy:
                connection.connection.backup(copy)
            copy.close()
        target.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(target, "w") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, DATABASE_MEMBER[vendor])
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                archive.add(media, "media")
    target.chmod(0o600)  # it holds personal data
    return manifest


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def restore_backup(source: Path) -> dict:
    """Restore the archive into the configured database, which must be empty (a new one), and its files into
    MEDIA_ROOT; returns the manifest, to compare with `fingerprint()` after the restore."""
    vendor = connection.vendor
    with tarfile.open(source) as archive, tempfile.TemporaryDirectory() as folder:
        names = set(archive.getnames())
        if "manifest.json" not in names:
            raise BackupError("Tệp này không phải bản sao lưu của dxnet (thiếu manifest.json).")
        manifest = json.load(archive.extractfile("manifest.json"))
        if manifest.get("database") != vendor:
            raise BackupError(f"Bản sao lưu là của cơ sở dữ liệu {manifest.get('database')}, "
                              f"không khôi phục được vào {vendor}.")
        if not _database_is_empty():
            raise BackupError("Cơ sở dữ liệu đích đã có dữ liệu: hãy khôi phục vào một cơ sở dữ liệu mới, trống.")
        archive.extractall(folder, filter="data")  # no absolute paths, links out or devices
        dump = Path(folder) / DATABASE_MEMBER[vendor]
        if vendor == "postgresql":
            args, env = _pg_env()
            _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *args, str(dump)], env)
        else:
            connection.ensure_connection()
            with sqlite3.connect(dump) as copy:
                copy.backup(connection.connection)
            copy.close()
        media = Path(folder) / "media"
        if media.is_dir():
            shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    connection.close()  # the next query sees the restored schema
    return manifest
