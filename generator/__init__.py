"""factsheet: a static fact-sheet site generator for sourced, dated, printable briefings."""

__version__ = "0.1.0"
