"""A report's table, and its cells as the page and the PDF show them.

A report builds its tables with the figures as they are (numbers stay numbers for Excel,
``roret.core.exports.Sheet``); ``as_text`` gives the same tables with every cell as text."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import formats

from roret.core.exports import Cell


@dataclass(frozen=True)
class Table:
    title: str
    headers: list[str]
    rows: list[list[Cell]]


def show(cell: Cell) -> str:
    """A cell as text: Danish decimal comma, a dash for no figure."""
    if cell is None:
        return "–"
    if isinstance(cell, float):
        return formats.number_format(cell, decimal_pos=1)
    return str(cell)


def as_text(tables: Iterable[Table], shown: Callable[[Cell], str] = show) -> list[Table]:
    """For HTML and PDF: the tables with their cells already as text."""
    return [Table(t.title, t.headers, [[shown(c) for c in row] for row in t.rows]) for t in tables]
