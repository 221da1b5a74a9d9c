"""Hashing and checking the start-up password with ``hashlib.scrypt``, and the lock-out after wrong
tries (pure; no database, no files)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import os
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Outcome:
    """The answer to one password try: accepted, or refused with the tries left or the wait."""

    accepted: bool
    tries_left: int = MAX_TRIES
    wait: int = 0  # seconds before the next try is taken

    @property
    def message(self) -> str:
        if self.accepted:
            return ""
        if self.wait:
            return f"连续 {MAX_TRIES} 次密码错误，请等待 {self.wait} 秒后再试。"
        return f"密码不正确，还可以再试 {self.tries_left} 次。"


@dataclass
class Lockout:
    """Five wrong tries in a row, then a 30-second wait during which no try is taken, not even the
    right password. One rule for the window's login and the command line (``services.security``
    keeps the state in the data folder so that they share it). ``now`` is wall-clock seconds."""

    tries: int = 0
    until: float = 0.0

    def wait_left(self, now: float) -> int:
        # Never more than the wait itself: a clock set back does not lock the clerk out for longer.
        return min(max(math.ceil(self.until - now), 0), WAIT_SECONDS)

    def attempt(self, record: str, password: str, now: float) -> Outcome:
        wait = self.wait_left(now)
        if wait:
            return Outcome(False, 0, wait)
        if verify(record, password):
            self.tries, self.until = 0, 0.0
            return Outcome(True)
        self.tries += 1
        if self.tries >= MAX_TRIES:
            self.tries, self.until = 0, now + WAIT_SECONDS
            return Outcome(False, 0, WAIT_SECONDS)
        return Outcome(False, MAX_TRIES - self.tries)

    def to_text(self) -> str:
        return json.dumps({"tries": self.tries, "until": self.until})

    @classmethod
    def from_text(cls, text: str) -> Lockout:
        """The state written by :meth:`to_text`; a damaged one is a fresh start."""
        try:
            data = json.loads(text)
            tries, until = int(data["tries"]), float(data["until"])
        except (ValueError, KeyError, TypeError):
            return cls()
        return cls(min(max(tries, 0), MAX_TRIES - 1), until if math.isfinite(until) else 0.0)
