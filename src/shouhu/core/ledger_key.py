"""The ledger's HMAC key, kept outside the database.

Hashes alone do not stop someone with write access to the database: they can rewrite an entry and
recompute every later hash. Chain heads and checkpoints are therefore signed with a key the database
does not hold: `SHOUHU_LEDGER_KEY` (the key itself, e.g. from a secret store) or `SHOUHU_LEDGER_KEY_FILE`
(a file holding it). The embedded demo generates the file under var/ on first use
(`SHOUHU_LEDGER_KEY_GENERATE`); production settings refuse to start without one. Keep a copy of the key
off-site with the checkpoints: without it a restored ledger can still be hash-checked, but not its heads.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_cache: dict[tuple, bytes] = {}


def ledger_key() -> bytes:
    """The key bytes (read once per configuration; generated when the settings allow it)."""
    raw = getattr(settings, "SHOUHU_LEDGER_KEY", "") or ""
    path = getattr(settings, "SHOUHU_LEDGER_KEY_FILE", "") or ""
    generate = bool(getattr(settings, "SHOUHU_LEDGER_KEY_GENERATE", False))
    cache_key = (raw, str(path), generate)
    if cache_key in _cache:
        return _cache[cache_key]
    if raw:
        key = raw.encode()
    elif path:
        file = Path(path)
        if not file.exists():
            if not generate:
                raise ImproperlyConfigured(f"ledger key file {file} does not exist")
            file.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32) + "\n")
        key = file.read_text().strip().encode()
        if not key:
            raise ImproperlyConfigured(f"ledger key file {file} is empty")
    else:
        raise ImproperlyConfigured("set SHOUHU_LEDGER_KEY or SHOUHU_LEDGER_KEY_FILE")
    _cache[cache_key] = key
    return key


def key_id() -> str:
    """A fingerprint of the key (not the key), recorded with each checkpoint."""
    return hashlib.sha256(b"shouhu-ledger-key-id:" + ledger_key()).hexdigest()[:16]


def sign(message: bytes) -> str:
    return hmac.new(ledger_key(), message, hashlib.sha256).hexdigest()


def head_mac(chain_key: str, seq: int, last_hash: str) -> str:
    """The MAC anchoring one chain head (key, length, last hash)."""
    return sign(f"head\n{chain_key}\n{seq}\n{last_hash}".encode())


def valid(mac: str, message: bytes) -> bool:
    return hmac.compare_digest(mac or "", sign(message))
