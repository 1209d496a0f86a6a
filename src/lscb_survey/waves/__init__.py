"""Respondent-level data: the Wave model, its constructors and file formats, and weights.

Modules, in the order data flows through them: :mod:`.formats` and
:mod:`.delimited` (files to a raw frame), :mod:`.cells` (one view of cell
values), :mod:`.encoding` (answers to levels), :mod:`.problems` (problems
raised together), :mod:`.build` (the frame as a whole to a wave),
:mod:`.constructors` (``read_wave``, ``wave_from_responses``,
``published_wave``), :mod:`.model` (the ``Wave``) and :mod:`.weights`
(respondent weights).
"""
