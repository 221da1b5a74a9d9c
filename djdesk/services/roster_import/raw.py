"""One sheet's cells as a reader hands them to the planner."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class RawSheet:
    """One sheet's cells. ``rows[i]`` is sheet row ``first_row + i`` (1-based); ``csv`` has no real sheet.

    For a CSV file, ``open_end`` says the text does not end with a line break and ``open_quote``
    that its last record ends inside a quoted field: a file still being written (see :meth:`cut_off`).
    """

    name: str
    rows: list[list[object]]
    first_row: int = 1
    csv: bool = False
    open_end: bool = False
    open_quote: bool = False

    def cut_off(self, header_width: int) -> bool:
        """Whether the last row looks cut off: a quoted field never closed, or no line end after
        fewer fields than the header has."""
        if not self.rows or not self.csv:
            return False
        return self.open_quote or (self.open_end and len(self.rows[-1]) < header_width)
