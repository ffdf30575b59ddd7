"""briefing.yaml's `theme:` as the site sees it: assets/theme.css for web and print, and the logo file."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from .problems import Pos, Problem
from .schema import Theme

THEME_CSS = "assets/theme.css"
_HEX = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def rgb_of(colour: str) -> tuple[int, int, int] | None:
    """A #rgb or #rrggbb colour as numbers; None for other forms (named colours, rgb(), hsl())."""
    if not _HEX.match(colour):
        return None
    digits = colour[1:]
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _lighten(rgb: tuple[int, int, int], amount: float) -> str:
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in rgb)


def theme_css(theme: Theme) -> bytes | None:
    """The accent as the variables style.css and brief.css read (no media queries: WeasyPrint reads it too)."""
    accent = theme.accent
    if not accent:
        return None
    rgb = rgb_of(accent)
    dark = f" --theme-accent-dark: {_lighten(rgb, 0.55)};" if rgb is not None else ""  # readable on dark pages
    return (f"/* Made by factsheet from the theme: settings in briefing.yaml. */\n"
            f":root {{ --theme-accent: {accent};{dark} }}\n").encode()


PAPER = (0xFD, 0xFC, 0xFA)  # style.css's --paper, the light page background


def theme_problems(theme: Theme, briefing_dir: Path, shown: Callable[[str], str]) -> list[Problem]:
    """A logo that is not in static/, and an accent too pale to read on the page, located in briefing.yaml."""
    problems = []

    def where(key: str) -> Pos:
        pos = theme.positions.get(key) or Pos(str(briefing_dir / "content" / "briefing.yaml"))
        return Pos(shown(pos.path), pos.line, pos.col)

    if theme.logo and not (briefing_dir / "static" / theme.logo).is_file():
        problems.append(Problem(where("logo"), "error", f"theme logo '{theme.logo}' is not a file in the briefing's "
                                                f"static/ folder; put it at static/{theme.logo}"))
    rgb = rgb_of(theme.accent or "")
    if rgb is not None and contrast(rgb, PAPER) < 4.5:
        problems.append(Problem(where("accent"), "warning", (
            f"theme accent {theme.accent} has a contrast of {contrast(rgb, PAPER):.1f}:1 against the page; "
            "links and headings in it will be hard to read (WCAG asks for at least 4.5:1): choose a darker colour")))
    return problems
