"""Presentation: style, plots, figures, printed layouts, exports, notebooks and the pipelines
a user runs (reproduce, wave summaries, comparisons)."""

__all__: list[str] = []
