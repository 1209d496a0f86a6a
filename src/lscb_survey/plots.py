"""``lscb_survey.plots``: the plotting functions, an alias of :mod:`lscb_survey.present.plots`.

``import lscb_survey.plots``, ``from lscb_survey.plots import diverging_bars`` and
``lscb_survey.plots`` (attribute access) all give the same module object as
``lscb_survey.present.plots``: this module replaces itself with it on import, so there
is one set of functions, one ``__all__`` and one place to document them.
"""

from __future__ import annotations

import sys

from .present import plots as _target

__all__ = list(_target.__all__)


def __getattr__(name: str) -> object:
    # where a tool keeps this module object itself (a test collector importing by path),
    # every name still resolves to the one in lscb_survey.present.plots
    return getattr(_target, name)


sys.modules[__name__] = _target
