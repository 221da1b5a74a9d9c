"""Hashing and checking the start-up password with ``hashlib.scrypt`` (pure; no database)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os

N, R, P = 2**14, 8, 1
MIN_LENGTH = 4
MAX_TRIES = 5  # wrong tries before a wait
WAIT_SECONDS = 30


def _hash(password: str, salt: bytes, n: int = N, r: int = R, p: int = P) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32)


def make_record(password: str) -> str:
    """The JSON stored in the settings table: salt, hash and the scrypt parameters."""
    salt = os.urandom(16)
    return json.dumps({"salt": base64.b64encode(salt).decode(),
                       "hash": base64.b64encode(_hash(password, salt)).decode(), "n": N, "r": R, "p": P})


def verify(record: str, password: str) -> bool:
    try:
        stored = json.loads(record)
        salt = base64.b64decode(str(stored["salt"]))
        expected = base64.b64decode(str(stored["hash"]))
        n, r, p = int(stored.get("n", N)), int(stored.get("r", R)), int(stored.get("p", P))
        actual = _hash(password, salt, n, r, p)
    except (ValueError, KeyError, TypeError, MemoryError):
        return False  # a damaged record: treated as a wrong password, never a crash
    return hmac.compare_digest(actual, expected)
