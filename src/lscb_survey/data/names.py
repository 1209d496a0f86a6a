"""Names that may become parts of file names, and short forms of long values.

Scale names and item ids of a codebook end up in the names of files written by
the presentation layer, so a codebook may only use *safe names*
(:func:`is_safe_name`); any other text that is to become a file name is passed
through :func:`slugify`, whose result is always a safe name. :func:`elide`
shortens long values quoted in messages.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["MAX_NAME_LENGTH", "SAFE_NAME_RULE", "elide", "is_safe_name", "slugify"]

#: Longest safe name, in characters.
MAX_NAME_LENGTH = 64
#: The rule of :func:`is_safe_name`, in words (for messages and documentation).
SAFE_NAME_RULE = (
    f"1 to {MAX_NAME_LENGTH} ASCII letters, digits, '_', '-' or '.', starting with a letter, "
    "digit or '_', without '..' and not a reserved device name"
)

_SAFE = re.compile(rf"[A-Za-z0-9_][A-Za-z0-9_.-]{{0,{MAX_NAME_LENGTH - 1}}}")
_UNSAFE_RUN = re.compile(r"[^a-z0-9_.-]+")
_DOTS = re.compile(r"\.{2,}")
# names Windows reserves for devices, with or without an extension
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{i}" for i in range(1, 10)}
    | {f"lpt{i}" for i in range(1, 10)}
)


def _reserved(name: str) -> bool:
    return name.split(".", 1)[0].casefold() in _RESERVED


def is_safe_name(name: object) -> bool:
    """Whether ``name`` can be used as (part of) a file name on any common system.

    A safe name has 1 to :data:`MAX_NAME_LENGTH` characters, all ASCII letters,
    digits, ``_``, ``-`` or ``.``; it starts with a letter, digit or ``_`` (so
    it is neither hidden nor an option), contains no ``..`` and is not a name
    Windows reserves for a device (``con``, ``nul``, ``com1``, ...). Path
    separators, spaces and control characters are therefore excluded.

    Parameters
    ----------
    name : object
        The candidate; anything that is not a ``str`` is not safe.

    Returns
    -------
    bool

    Examples
    --------
    >>> is_safe_name("t8_willingness"), is_safe_name("agree5")
    (True, True)
    >>> is_safe_name("../../x"), is_safe_name("a b"), is_safe_name("nul")
    (False, False, False)
    """
    return (
        isinstance(name, str)
        and _SAFE.fullmatch(name) is not None
        and ".." not in name
        and not _reserved(name)
    )


def slugify(text: object, *, fallback: str = "unnamed", max_length: int = MAX_NAME_LENGTH) -> str:
    """A safe file-name form of any text (see :func:`is_safe_name`).

    The text is normalised (Unicode NFKD, accents dropped, case folded), every
    run of characters other than ASCII letters, digits, ``_``, ``-`` and ``.``
    becomes one ``-``, runs of dots become one dot, leading and trailing
    ``-``, ``_`` and ``.`` are removed. A result longer than ``max_length`` is cut
    and ends with a short hash of the whole text, so long texts that share a
    beginning stay apart. A result that would be empty is
    ``fallback``; a reserved device name gets a ``_`` after its stem (``con_``, ``com1_.txt``). Different texts
    may give the same slug, so a caller writing several files must check its
    names are distinct.

    Parameters
    ----------
    text : object
        The text (anything else is converted with ``str``).
    fallback : str, default "unnamed"
        The name used when nothing of ``text`` is left; must itself be safe.
    max_length : int, default MAX_NAME_LENGTH
        Longest name returned, from 16 to :data:`MAX_NAME_LENGTH`.

    Returns
    -------
    str
        A name for which :func:`is_safe_name` is true.

    Raises
    ------
    ValueError
        If ``fallback`` is not a safe name or ``max_length`` is out of range.

    Examples
    --------
    >>> slugify("../../etc/passwd")
    'etc-passwd'
    >>> slugify("Trust in partners — Région Sud")
    'trust-in-partners-region-sud'
    >>> slugify("///"), slugify("CON")
    ('unnamed', 'con_')
    """
    if not is_safe_name(fallback):
        raise ValueError(f"fallback {fallback!r} is not a safe name ({SAFE_NAME_RULE})")
    if not 16 <= max_length <= MAX_NAME_LENGTH:
        raise ValueError(f"max_length must be from 16 to {MAX_NAME_LENGTH}, not {max_length!r}")
    decomposed = unicodedata.normalize("NFKD", str(text))
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").casefold()
    slug = _DOTS.sub(".", _UNSAFE_RUN.sub("-", ascii_text)).strip("-_.")
    if len(slug) > max_length:
        digest = hashlib.sha256(str(text).encode("utf-8", "surrogatepass")).hexdigest()[:8]
        slug = slug[: max_length - 9].rstrip("-_.") + "-" + digest
    if not slug:
        return fallback
    if _reserved(slug):
        stem, dot, rest = slug.partition(".")
        slug = f"{stem}_{dot}{rest}"[:max_length]
    return slug


def elide(value: object, limit: int = 80) -> str:
    """The text of ``value`` shortened in the middle to at most ``limit`` characters.

    Parameters
    ----------
    value : object
        Any value; converted with ``str``.
    limit : int, default 80
        Largest length of the result, at least 24.

    Returns
    -------
    str
        ``str(value)`` when short enough, else its start and end joined by
        ``"..."`` with the number of characters left out.

    Examples
    --------
    >>> elide("a" * 10, limit=40)
    'aaaaaaaaaa'
    >>> elide("x" * 1000, limit=40)
    'xxxxxxxxxxx...[978 more]...xxxxxxxxxxx'
    """
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 24:
        raise ValueError(f"limit must be a whole number of at least 24, got {limit!r}")
    text = str(value)
    if len(text) <= limit:
        return text
    # the marker "...[N more]..." takes 13 characters and the digits of N
    keep = (limit - 13 - len(str(len(text)))) // 2
    cut = len(text) - 2 * keep
    return f"{text[:keep]}...[{cut} more]...{text[-keep:]}"
