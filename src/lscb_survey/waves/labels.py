"""Value labels stored in an SPSS or Stata file, checked against the codebook's codes.

A file may say that 1 means "Disagree" while the codebook says 1 means
"Agree". Applying either silently would misread every answer of the column, so
:func:`reconcile_labels` reports each contradiction as a problem unless the
caller chose a side: ``labels="file"`` applies the file's labels,
``labels="codebook"`` ignores the file's labels that contradict the codebook
(the codebook's codes then apply).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..data.codebook import Codebook, Item
from ..data.scales import Scale, normalise_label
from ..errors import WaveFormatError, listing, shown
from .cells import as_code, text_of
from .problems import Problem

__all__ = ["LABEL_CHOICES", "check_user_missing", "reconcile_labels"]

#: Values of ``labels=``: who wins when the file's value labels contradict the codebook.
LABEL_CHOICES = (None, "codebook", "file")


def _conflicts(file_labels: Mapping[object, str], scale: Scale) -> list[tuple[object, str, str]]:
    """``(value, file label, codebook meaning)`` of each file label the codebook contradicts."""
    if not scale.codes:
        return []
    code_of = {normalise_label(label): code for code, label in scale.codes.items()}
    substantive = {normalise_label(level) for level in scale.levels}
    found = []
    for value, label in file_labels.items():
        code = as_code(text_of(value) or "")
        if code is None:
            continue
        said = normalise_label(str(label))
        if code in scale.codes:
            if normalise_label(scale.codes[code]) != said:
                found.append((value, str(label), f"code {code} is {scale.codes[code]!r}"))
        elif code in scale.missing_codes:
            if said in substantive:  # 9 = "Agree" where 9 is a missing code
                found.append((value, str(label), f"code {code} is a missing code"))
        elif said in code_of:
            found.append((value, str(label), f"{label!r} has code {code_of[said]}"))
    return found


def reconcile_labels(
    value_labels: Mapping[str, Mapping[object, str]] | None,
    book: Codebook,
    items: Sequence[Item],
    choice: str | None,
    problems: list[Problem],
) -> dict[str, Mapping[object, str]] | None:
    """The value labels to apply, with contradictions recorded or resolved.

    Parameters
    ----------
    value_labels : mapping or None
        ``{column: {value: label}}`` as stored in the file.
    book : Codebook
        The instrument.
    items : sequence of Item
        The items read from the file.
    choice : {None, "codebook", "file"}
        ``None``: each contradiction is a ``label_conflict`` problem;
        ``"codebook"``: contradicting file labels are dropped; ``"file"``: the
        file's labels are applied as they are.
    problems : list of Problem
        Problems found are appended here.

    Returns
    -------
    dict or None
        The labels to apply, per column.

    Examples
    --------
    >>> from lscb_survey.data.codebook import Codebook
    >>> spec = {"scales": {"a": {"levels": ["Agree", "Disagree"],
    ...         "codes": {"1": "Agree", "2": "Disagree"}}},
    ...         "items": [{"id": "q", "label": "Q", "scale": "a"}]}
    >>> book = Codebook.from_dict(spec)
    >>> found = []
    >>> _ = reconcile_labels({"q": {1.0: "Disagree"}}, book, book.items, None, found)
    >>> found[0].message
    "column 'q': the file's value labels contradict the codebook: 1.0 = 'Disagree' but code 1 is 'Agree' (pass labels='codebook' or labels='file' to choose)"
    """
    if value_labels is None or choice == "file":
        return None if value_labels is None else dict(value_labels)
    out = dict(value_labels)
    for it in items:
        file_labels = value_labels.get(it.source_column)
        if not file_labels:
            continue
        found = _conflicts(file_labels, book.scale_of(it.id))
        if not found:
            continue
        if choice == "codebook":
            dropped = {value for value, _, _ in found}
            out[it.source_column] = {k: v for k, v in file_labels.items() if k not in dropped}
            continue
        said = listing(
            (f"{v!r} = {shown(lab)} but {meaning}" for v, lab, meaning in found), 10, quote=False
        )
        problems.append(
            Problem(
                "label_conflict",
                it.source_column,
                found[0][0],
                (),
                (),
                len(found),
                f"column {shown(it.source_column)}: the file's value labels contradict the "
                f"codebook: {said} (pass labels='codebook' or "
                "labels='file' to choose)",
            )
        )
    return out


def check_user_missing(
    user_missing: Mapping[str, Sequence[tuple[object, object]]] | None,
    value_labels: Mapping[str, Mapping[object, str]] | None,
    book: Codebook,
    items: Sequence[str] | None,
    source: object,
) -> None:
    """Raise if an SPSS user-missing declaration covers answers of the codebook's scale.

    SPSS user-missing values are read as blanks (``docs/codebook.md``). A
    declaration such as ``MISSING VALUES Q1 (1 THRU 5)`` on a 1-5 scale would
    so turn every answer into "Not specified"; that is refused, naming the
    column, the declaration and the answer codes it covers.

    Parameters
    ----------
    user_missing : mapping or None
        ``{column: [(low, high), ...]}`` as declared in the file.
    value_labels : mapping or None
        ``{column: {value: label}}`` stored in the file.
    book : Codebook
        The instrument (column mapping applied).
    items : sequence of str or None
        Item ids read (``None`` for all).
    source : object
        The file, for the message.

    Raises
    ------
    WaveFormatError
        Listing each column whose declaration covers answer codes.

    Examples
    --------
    >>> from lscb_survey.data.codebook import default_codebook
    >>> book = default_codebook()
    >>> labels = {"t9_sanctions": {1.0: "Strongly agree", 2.0: "Agree", 5.0: "Strongly disagree"}}
    >>> try:
    ...     check_user_missing({"t9_sanctions": [(1.0, 5.0)]}, labels, book, None, "w.sav")
    ... except WaveFormatError as exc:
    ...     print(str(exc).splitlines()[1])
      - column 't9_sanctions': user-missing 1.0 to 5.0 covers answer codes 1, 2, 5
    """
    if not user_missing:
        return
    found = []
    for it in book.items:
        declared = user_missing.get(it.source_column)
        if not declared or (items is not None and it.id not in items):
            continue
        scale = book.scale_of(it.id)
        substantive = {normalise_label(level) for level in scale.levels}
        answers = {c for c, lab in scale.codes.items() if normalise_label(lab) in substantive}
        for value, lab in ((value_labels or {}).get(it.source_column) or {}).items():
            code = as_code(text_of(value) or "")
            if code is not None and normalise_label(str(lab)) in substantive:
                answers.add(code)
        for low, high in declared:
            covered = sorted(c for c in answers if _inside(c, low, high))
            if covered:
                span = f"{low}" if low == high else f"{low} to {high}"
                found.append(
                    f"column {shown(it.source_column)}: user-missing {span} covers answer "
                    f"codes {listing(covered, quote=False)}"
                )
    if found:
        raise WaveFormatError(
            "the file declares SPSS user-missing values that are answers of the codebook's "
            "scale (they would all be read as missing); remove those declarations or "
            "declare only the missing codes",
            file=source,
            problems=found,
        )


def _inside(code: int, low: object, high: object) -> bool:
    try:
        return bool(low <= code <= high)  # type: ignore[operator]
    except TypeError:  # a declaration of text on a numeric code
        return False
