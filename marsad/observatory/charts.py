"""Charts of the statistics pages as SVG, drawn by matplotlib with its text converted to paths
(``svg.fonttype = "path"``), so that a browser and WeasyPrint show exactly the same glyphs.

Arabic and Hebrew are shaped by matplotlib's own text layout, which uses libraqm (HarfBuzz
and FriBiDi) since matplotlib 3.11: joined Arabic letters and right-to-left order come out as
in the browser. Glyphs are taken from the Noto fonts of the system, with fallback between
Latin, Arabic and Hebrew per character. In Arabic and Hebrew the charts are mirrored: bars
grow from the right and time runs from right to left. Each chart has its data table next to
it on the page; the table is the accessible and exact version.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import matplotlib
from matplotlib import font_manager, ticker
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from marsad.observatory.selectors import Cell

NOTO = Path("/usr/share/fonts/truetype/noto")
FONT_FILES = ("NotoSans-Regular.ttf", "NotoSansArabic-Regular.ttf", "NotoSansHebrew-Regular.ttf")
FAMILIES = ["Noto Sans", "Noto Sans Arabic", "Noto Sans Hebrew", "DejaVu Sans"]
BAR = "#1f5f8b"
PROTECTED = "#9db8cc"
INK = "#222222"
MAX_BARS = 25

for _name in FONT_FILES:
    if (NOTO / _name).exists():
        font_manager.fontManager.addfont(str(NOTO / _name))

STYLE: dict[str, Any] = {
    "svg.fonttype": "path",
    "svg.hashsalt": "marsad",  # stable ids: the same data gives the same file
    "font.family": FAMILIES,
    "font.size": 11,
    "axes.edgecolor": "#888888",
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
}


def _svg(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    FigureCanvasSVG(figure)
    figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    return buffer.getvalue()


def bar_chart(
    cells: Sequence[Cell], *, rtl: bool, language: str, min_cell: int, fewer_label: str
) -> bytes:
    """Horizontal bars, the largest first; a protected cell is a pale bar to k - 1 (the most
    it may hold) marked "fewer than k"."""
    cells = list(cells)[:MAX_BARS]
    with matplotlib.rc_context(cast(Any, STYLE | {"text.language": language})):
        figure = Figure(figsize=(7.5, 0.42 * max(len(cells), 1) + 0.9))
        axes = figure.add_subplot()
        positions = list(range(len(cells)))
        values = [c.count if c.count is not None else min_cell - 1 for c in cells]
        colours = [PROTECTED if c.protected else BAR for c in cells]
        bars = axes.barh(positions, values, color=colours, height=0.65)
        axes.set_yticks(positions, [c.label for c in cells])
        axes.invert_yaxis()
        for bar, cell in zip(bars, cells, strict=True):
            if isinstance(bar, Rectangle):
                text = str(cell.count) if cell.count is not None else fewer_label
                axes.annotate(
                    text,
                    (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                    xytext=(-4 if rtl else 4, 0),
                    textcoords="offset points",
                    va="center",
                    ha="right" if rtl else "left",
                    color=INK,
                    fontsize=10,
                )
        axes.set_xlim(0, max(values, default=1) * 1.18 or 1)
        axes.spines[["top", "left" if rtl else "right"]].set_visible(False)
        if rtl:
            axes.invert_xaxis()
            axes.yaxis.tick_right()
        axes.xaxis.set_major_locator(ticker.MaxNLocator(integer=True))
        return _svg(figure)


def month_chart(cells: Sequence[Cell], *, rtl: bool, language: str, min_cell: int) -> bytes:
    """Columns per month; protected months are pale columns to k - 1, the most they may hold
    (a month shown as 2, two published and fewer than k others, may hold up to k + 1)."""
    cells = list(cells)
    with matplotlib.rc_context(cast(Any, STYLE | {"text.language": language})):
        figure = Figure(figsize=(7.5, 3.2))
        axes = figure.add_subplot()
        positions = list(range(len(cells)))
        values = [c.count if c.count is not None else min_cell - 1 for c in cells]
        colours = [PROTECTED if c.protected else BAR for c in cells]
        axes.bar(positions, values, color=colours, width=0.8)
        step = max(1, -(-len(cells) // 6))  # at most six labels: they never overlap
        ticks = positions[::step]
        axes.set_xticks(ticks, [cells[i].key for i in ticks], rotation=0, fontsize=9)
        axes.set_ylim(0, max(values, default=1) * 1.1 or 1)
        axes.yaxis.set_major_locator(ticker.MaxNLocator(integer=True))
        axes.spines[["top", "left" if rtl else "right"]].set_visible(False)
        if rtl:
            axes.invert_xaxis()
            axes.yaxis.tick_right()
        return _svg(figure)
