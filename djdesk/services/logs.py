"""The program's log: a rotating file in the data folder's ``logs/``; never ID or phone numbers.

Every record passes through :class:`Scrubber`, which masks anything shaped like a 公民身份号码
(15 or 18 characters) or a phone number (mobile or landline, any of the usual ways of writing
them) before it is written, tracebacks included (:func:`djdesk.domain.privacy.mask_numbers`).
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from djdesk.domain.privacy import mask_numbers

LOG_NAME = "djdesk.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5

def scrub(text: str) -> str:
    """Mask ID and phone numbers: ``110105********002X``, ``138****5678`` (domain.privacy)."""
    return mask_numbers(text)


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
