"""Backups that keep the ledger verifiable: the SQLite online backup API, pg_dump/pg_restore on PostgreSQL.

`dumpdata`/`loaddata` is not a backup of record: it goes through the ORM, re-serialises every value and
only v2 entries survive it. These copy the database as the database stores it. A backup first writes a
signed checkpoint of every chain head and exports all checkpoints beside the backup file
(`<file>.checkpoints.json`), so what a restore must agree with travels separately from the data; the
ledger key itself is never in the backup (keep it off-site, see the README).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections

from . import ledger_checkpoint


class BackupError(Exception):
    pass


def _pg_args(settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    args, env = [], dict(os.environ)
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if settings_dict.get(key):
            args += [flag, str(settings_dict[key])]
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(f"{name} not found on PATH")
    return path


def _run(cmd: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise BackupError(f"{Path(cmd[0]).name} failed ({done.returncode}): {done.stderr.strip()[:2000]}")


def checkpoints_path(target: Path) -> Path:
    return target.with_name(target.name + ".checkpoints.json")


def backup(target: Path, *, using: str = "default", checkpoint: bool = True) -> Path:
    """Copy the database to `target` (a consistent snapshot while the platform runs)."""
    conn = connections[using]
    if checkpoint:
        ledger_checkpoint.write()
    target.parent.mkdir(parents=True, exist_ok=True)
    if conn.vendor == "sqlite":
        conn.ensure_connection()
        if target.exists():
            target.unlink()
        dest = sqlite3.connect(target)
        try:
            conn.connection.backup(dest)
        finally:
            dest.close()
    elif conn.vendor == "postgresql":
        args, env = _pg_args(conn.settings_dict)
        _run([_tool("pg_dump"), *args, "-Fc", "-f", str(target), conn.settings_dict["NAME"]], env)
    else:
        raise BackupError(f"no backup for {conn.vendor}")
    checkpoints_path(target).write_text(
        json.dumps(ledger_checkpoint.export(), ensure_ascii=False, indent=1) + "\n"
    )
    return target


def is_empty(using: str = "default") -> bool:
    """True when the database holds no ledger entries (a fresh or just-migrated database)."""
    conn = connections[using]
    if "core_auditentry" not in conn.introspection.table_names():
        return True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM core_auditentry LIMIT 1")
        return cur.fetchone() is None


def restore(source: Path, *, using: str = "default") -> None:
    """Replace the database's content with the backup at `source`."""
    if not source.exists():
        raise BackupError(f"{source} does not exist")
    conn = connections[using]
    if conn.vendor == "sqlite":
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            if src.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{source}: SQLite integrity check failed")
            conn.ensure_connection()
            src.backup(conn.connection)
        finally:
            src.close()
    elif conn.vendor == "postgresql":
        args, env = _pg_args(conn.settings_dict)
        name = conn.settings_dict["NAME"]
        conn.close()
        cmd = [_tool("pg_restore"), *args, "--clean", "--if-exists", "--no-owner", "-d", name, str(source)]
        _run(cmd, env)
    else:
        raise BackupError(f"no restore for {conn.vendor}")
