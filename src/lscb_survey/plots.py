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

sys.modules[__name__] = _target
