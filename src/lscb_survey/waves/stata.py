"""The structure of a Stata ``.dta`` file (formats 117-119), checked to its last byte.

A Stata file of format 117 or later (Stata 13 and later; what pyreadstat
writes) is a sequence of tagged sections whose byte offsets a ``<map>`` near
the start lists, the last being the end of the file. The C reader stops at the
value labels and accepts a file cut short inside them or inside the closing
tag, silently dropping labels. :func:`check_dta` checks, before the file is
parsed, that every section starts where the map says, that the value-label
tables are whole and that the file ends exactly where the map says.

Older formats (102-115) have no map; their value labels run to the end of the
file and are left to the reader.
"""

from __future__ import annotations

import struct
from pathlib import Path

from ..errors import WaveFormatError

__all__ = ["check_dta"]

_OPEN = b"<stata_dta>"
# the sections the map points to, in order (map entries 2 to 12)
_SECTIONS = (
    b"<variable_types>",
    b"<varnames>",
    b"<sortlist>",
    b"<formats>",
    b"<value_label_names>",
    b"<variable_labels>",
    b"<characteristics>",
    b"<data>",
    b"<strls>",
    b"<value_labels>",
    b"</stata_dta>",
)
_NAME_BYTES = {117: 33, 118: 129, 119: 129}


def check_dta(path: Path) -> None:
    """Raise :class:`WaveFormatError` if a format 117-119 ``.dta`` file is cut short or malformed.

    Parameters
    ----------
    path : Path
        The ``.dta`` file; files of older formats are not checked.

    Raises
    ------
    WaveFormatError
        Naming the section that is cut short or out of place.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> bad = pathlib.Path(tempfile.mkdtemp()) / "cut.dta"
    >>> _ = bad.write_bytes(b"<stata_dta><header><release>118</release>")
    >>> try:
    ...     check_dta(bad)
    ... except WaveFormatError as exc:
    ...     print(str(exc).split(" (file")[0])
    corrupt Stata file: the header is cut short or malformed
    """
    data = path.read_bytes()
    if not data.startswith(_OPEN):
        return
    try:
        offsets, order, release = _map(data)
        _check_sections(data, offsets)
        _check_value_labels(data, offsets[11], offsets[12], order, _NAME_BYTES[release])
    except (_Malformed, struct.error, KeyError, ValueError) as exc:
        what = str(exc) if isinstance(exc, _Malformed) else "the header is cut short or malformed"
        raise WaveFormatError(f"corrupt Stata file: {what}", file=path) from None


class _Malformed(Exception):
    """What is wrong with the file's structure."""


def _map(data: bytes) -> tuple[list[int], str, int]:
    """The 14 offsets of the map, the byte order (``<`` or ``>``) and the release."""
    release = int(_between(data, b"<release>", b"</release>"))
    if release not in _NAME_BYTES:
        raise _Malformed(f"unknown format {release}")
    order = {b"LSF": "<", b"MSF": ">"}[_between(data, b"<byteorder>", b"</byteorder>")]
    start = data.index(b"<map>") + len(b"<map>")
    offsets = list(struct.unpack_from(f"{order}14Q", data, start))
    if data[start + 14 * 8 : start + 14 * 8 + 6] != b"</map>":
        raise _Malformed("the map of sections is cut short")
    return offsets, order, release


def _between(data: bytes, opening: bytes, closing: bytes) -> bytes:
    start = data.index(opening, 0, 512) + len(opening)
    return data[start : data.index(closing, start, start + 64)]


def _check_sections(data: bytes, offsets: list[int]) -> None:
    """Every section where the map says, in order, and the file ending where it says."""
    if offsets[13] != len(data):
        raise _Malformed(
            f"the file has {len(data)} bytes but its map says {offsets[13]} (cut short or padded)"
        )
    previous = 0
    for offset, tag in zip(offsets[2:13], _SECTIONS, strict=True):
        if offset < previous or data[offset : offset + len(tag)] != tag:
            raise _Malformed(f"section {tag.decode()} is not where the map says (byte {offset})")
        previous = offset
    if not data.endswith(b"</stata_dta>") or offsets[12] != len(data) - len(b"</stata_dta>"):
        raise _Malformed("the file does not end with </stata_dta>")


def _check_value_labels(data: bytes, start: int, end: int, order: str, name_bytes: int) -> None:
    """Each value-label table whole, from ``<value_labels>`` to ``</value_labels>``."""
    k = start + len(b"<value_labels>")
    closing = b"</value_labels>"
    while data.startswith(b"<lbl>", k):
        (length,) = struct.unpack_from(f"{order}i", data, k + 5)
        table = k + 5 + 4 + name_bytes + 3
        if length < 8 or table + length + 6 > end:
            raise _Malformed(f"a value-label table at byte {k} is cut short")
        n, text_length = struct.unpack_from(f"{order}ii", data, table)
        if n < 0 or text_length < 0 or 8 + 8 * n + text_length != length:
            raise _Malformed(f"a value-label table at byte {k} has inconsistent lengths")
        text_offsets = struct.unpack_from(f"{order}{n}i", data, table + 8)
        if any(not 0 <= t < max(text_length, 1) for t in text_offsets):
            raise _Malformed(f"a value-label table at byte {k} points outside its text")
        k = table + length
        if data[k : k + 6] != b"</lbl>":
            raise _Malformed(f"a value-label table at byte {k} is not closed")
        k += 6
    if k + len(closing) != end or data[k:end] != closing:
        raise _Malformed(f"the value labels end at byte {k}, not where the map says")
