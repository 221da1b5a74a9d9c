"""The program's log: a rotating file in the data folder's ``logs/``; never ID or phone numbers.

Every record passes through :class:`Scrubber`, which masks anything shaped like a 公民身份号码
(15 or 18 characters) or a mobile phone number before it is written, tracebacks included.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

LOG_NAME = "djdesk.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5

# 18-digit IDs (last may be X), legacy 15-digit IDs, mainland mobiles, landlines with area code.
_PATTERNS = (
    re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[0-9Xx])(?![0-9A-Za-z])"),
    re.compile(r"(?<!\d)(\d{6})\d{6}(\d{3})(?!\d)"),
    re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)"),
    re.compile(r"(?<!\d)(0\d{2,3})-?\d{7,8}(?!\d)"),
)


def scrub(text: str) -> str:
    """Mask ID and phone numbers: ``110105********002X``, ``138****5678``."""
    text = _PATTERNS[0].sub(lambda m: f"{m.group(1)}********{m.group(2)}", text)
    text = _PATTERNS[1].sub(lambda m: f"{m.group(1)}******{m.group(2)}", text)
    text = _PATTERNS[2].sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)
    return _PATTERNS[3].sub(lambda m: f"{m.group(1)}-********", text)


class Scrubber(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


def setup_logging(logs_dir: Path) -> Path:
    """Send the ``djdesk`` logger to ``logs/djdesk.log`` (rotating). Returns the log file path."""
    logs_dir.mkdir(parents=True, exist_ok=True)
    path = logs_dir / LOG_NAME
    logger = logging.getLogger("djdesk")
    for handler in list(logger.handlers):
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            logger.removeHandler(handler)
            handler.close()
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT,
                                                   encoding="utf-8", delay=True)
    handler.setFormatter(Scrubber("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return path
