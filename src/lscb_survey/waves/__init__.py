"""Respondent-level data: the Wave model, its constructors and file formats, and weights."""
