"""The audit of the report's own numbers: one module per check, and the runner.

:func:`~lscb_survey.checks.runner.audit` (``lscb_survey.audit``) runs six checks
and returns one tidy frame of findings (:mod:`~lscb_survey.checks.findings`):

========================  ==================================================
module                    check
========================  ==================================================
``percent_from_count``    each printed percentage is its count's rounded share
``totals``                counts add up to totals, percentages to a possible sum
``percent_only``          percent-only columns (Tables 3-4) fit whole counts
``duplicates``            no two rows of a table print the same distribution
``response_rates``        response rates imply the number of LSCBs surveyed
``claims``                each numeric statement of the text fits the tables
========================  ==================================================

Shared pieces: ``findings`` (the findings frame and input checks), ``tables``
(tables in printed order, cell locations), ``causes`` (likely causes of a
wrong value), ``repairs`` (single-cell fixes of an impossible column),
``claim_sources`` and ``comparators`` (what a claim refers to, and whether its
words hold); ``runner`` holds :func:`audit`, ``audit_by_rule`` and ``render_text``.

Every verdict uses exact integer or :class:`fractions.Fraction` arithmetic. The
rounding rule is a parameter (see :mod:`lscb_survey.stats.rounding`); the default,
``"either"``, accepts a tie rounded up or down. Verdicts are "consistent",
"inconsistent", "ambiguous" (several reconstructions fit, and they disagree),
"untestable" (not enough information) and, for claims, "consistent only with
summed rounded percentages" (the claim holds for the printed, rounded figures
but not for the exact counts). Only an inconsistent finding can be an error.

The package is called ``checks`` rather than ``audit`` so that ``lscb_survey.audit``
is always the function: importing a submodule binds its name on the package, and
would otherwise hide a function of the same name.
"""
