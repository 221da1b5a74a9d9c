"""Pausing the cyclic garbage collector while many small, acyclic objects are made."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while tens of thousands of small objects are made.

    A 10,000-row roster read or import creates hundreds of thousands of values and rows, none of
    them in reference cycles; each automatic collection would walk all of them again (measured: an
    import plan takes about twice as long with the collector running, the year-end export a third
    longer, the roster read at start-up 15 % longer). On the way out the objects made meanwhile go
    straight to the oldest generation (``gc.freeze`` then ``gc.unfreeze``, when nothing else is
    frozen) rather than through a young collection that would walk them all once more only to
    promote them (about 6 ms for 10,000 rows).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()
