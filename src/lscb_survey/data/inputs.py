"""Files a user names as input, checked by their kind before they are opened.

A codebook or respondent file named by a user may be anything the system
accepts as a name: a folder, a FIFO that blocks the reader forever, a device
such as ``/dev/zero`` that never ends, or a name longer than the system allows
(which makes ``open`` raise a bare ``OSError``). :func:`regular_file` turns each
of these into the caller's own data error, naming the path and what it is,
before anything is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import SurveyDataError

__all__ = ["file_kind", "regular_file"]

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def file_kind(mode: int) -> str:
    """What a file of this ``st_mode`` is, in words (``"a regular file"`` for a file).

    Examples
    --------
    >>> import os
    >>> file_kind(os.stat("/").st_mode)
    'a folder'
    """
    for test, name in _KINDS:
        if test(mode):
            return name
    return "a regular file" if stat.S_ISREG(mode) else "not a regular file"


def regular_file(path: str | Path, error: type[SurveyDataError], what: str = "file") -> Path:
    """``path`` as a Path, checked to name an existing regular file (links followed).

    Parameters
    ----------
    path : str or Path
        The file a user named.
    error : type of SurveyDataError
        The error to raise (e.g. :class:`~lscb_survey.errors.CodebookError`).
    what : str, default "file"
        What the file is for, in messages (``"codebook"``).

    Returns
    -------
    Path
        ``Path(path)``.

    Raises
    ------
    SurveyDataError
        Of the class ``error``, naming the path: not found, a folder, a FIFO,
        a device or a socket, a name too long for the system, or not readable.

    Examples
    --------
    >>> from lscb_survey.errors import CodebookError
    >>> try:
    ...     regular_file("/", CodebookError, "codebook")
    ... except CodebookError as exc:
    ...     print(str(exc).split(" (")[0])
    codebook is a folder, not a file
    """
    path = Path(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise error(f"{what} not found", file=path) from None
    except OSError as exc:  # ENAMETOOLONG, ELOOP, EACCES, ENOTDIR ...
        reason = exc.strerror or type(exc).__name__
        raise error(f"{what} cannot be opened ({reason})", file=path) from None
    if not stat.S_ISREG(mode):
        raise error(f"{what} is {file_kind(mode)}, not a file", file=path)
    return path
