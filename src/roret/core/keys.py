"""Encryption keys for CPR at rest.

Two independent 256-bit keys: one for AES-GCM encryption of the value, one for the HMAC
blind index used to find a citizen by CPR. They come from the environment
(``RORET_CPR_ENCRYPTION_KEY``, ``RORET_CPR_INDEX_KEY``, base64) or from a JSON key file named
by ``RORET_KEY_FILE``; they are never written to the database.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ENCRYPTION_ENV = "RORET_CPR_ENCRYPTION_KEY"
INDEX_ENV = "RORET_CPR_INDEX_KEY"


@dataclass(frozen=True)
class Keys:
    encryption: bytes
    index: bytes


def _decode(name: str, value: str) -> bytes:
    try:
        raw = base64.b64decode(value, validate=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not valid base64.") from exc
    if len(raw) != 32:
        raise ImproperlyConfigured(f"{name} must be 32 bytes (base64 of 256 bits).")
    return raw


@cache
def get_keys() -> Keys:
    encryption = os.environ.get(ENCRYPTION_ENV, "")
    index = os.environ.get(INDEX_ENV, "")
    key_file = getattr(settings, "RORET_KEY_FILE", "")
    if (not encryption or not index) and key_file:
        try:
            data = json.loads(Path(key_file).read_text())
        except (OSError, ValueError) as exc:
            raise ImproperlyConfigured(f"Cannot read the key file {key_file}.") from exc
        encryption = encryption or data.get("cpr_encryption_key", "")
        index = index or data.get("cpr_index_key", "")
    if not encryption or not index:
        raise ImproperlyConfigured(
            f"Set {ENCRYPTION_ENV} and {INDEX_ENV}, or RORET_KEY_FILE, to handle CPR numbers."
        )
    keys = Keys(_decode(ENCRYPTION_ENV, encryption), _decode(INDEX_ENV, index))
    if keys.encryption == keys.index:
        raise ImproperlyConfigured("The CPR encryption key and index key must differ.")
    return keys


def new_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def generate_key_file(path: Path) -> None:
    """Write a fresh key file readable only by its owner (used by the demo)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps({"cpr_encryption_key": new_key(), "cpr_index_key": new_key()})
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(payload)
