"""Offline HTML review report of an output folder: `render_report(out_dir, output, ...)`."""

from .render import render_report

__all__ = ["render_report"]
