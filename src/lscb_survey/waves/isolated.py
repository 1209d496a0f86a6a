"""Running a file parser written in C in a child process, so that its crash is an error.

pyreadstat parses SPSS and Stata files in C. A corrupt file can make such a
parser read or write out of bounds and kill the whole process with a
segmentation fault, which no ``try`` can catch. :func:`call_isolated` runs the
parser in a forked child process instead: the child sends back the result (or
the exception it raised) through a pipe, and a child that dies from a signal,
or uses more memory than :data:`MEMORY_LIMIT`, becomes a :class:`ParserCrash`
in the parent. Forking is cheap (the child shares the parent's memory, copy on
write): a few milliseconds per file (``docs/performance.md``).

Where ``os.fork`` does not exist (Windows), the function runs in the process.
"""

from __future__ import annotations

import faulthandler
import os
import pickle
import signal
import warnings
from collections.abc import Callable
from typing import Any

__all__ = ["MEMORY_LIMIT", "ParserCrash", "call_isolated"]

#: Memory (bytes) a child may add to what it shares with the parent before it is stopped.
MEMORY_LIMIT = 2 * 2**30


class ParserCrash(RuntimeError):
    """The parser died (signal, memory exhausted) or its result could not be sent back."""


def call_isolated(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``func(*args, **kwargs)`` run in a child process; its result, or its exception re-raised.

    Raises
    ------
    ParserCrash
        If the child died from a signal or exited without a result.

    Examples
    --------
    >>> call_isolated(divmod, 7, 2)
    (3, 1)
    """
    if not hasattr(os, "fork"):  # pragma: no cover - Windows
        return func(*args, **kwargs)
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads (3.12+)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child (its coverage is not collected)
        os.close(read_end)
        _child(write_end, func, args, kwargs)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        raise ParserCrash(f"the reader crashed ({signal.Signals(sig).name})")
    if not data:
        raise ParserCrash(f"the reader stopped without a result (exit status {status >> 8})")
    ok, value = pickle.loads(data)
    if ok:
        return value
    raise value


def _child(fd: int, func: Callable[..., Any], args: Any, kwargs: Any) -> None:  # pragma: no cover
    """Run ``func`` under the memory limit, write ``(ok, result)`` to ``fd`` and exit."""
    status = 0
    try:
        faulthandler.disable()  # a crash is reported by the parent, not dumped here
        _limit_memory()
        try:
            payload = pickle.dumps((True, func(*args, **kwargs)), protocol=5)
        except MemoryError:
            payload = pickle.dumps((False, ParserCrash("the reader ran out of memory")))
        except Exception as exc:  # sent back and raised in the parent
            try:
                payload = pickle.dumps((False, exc))
            except Exception:
                payload = pickle.dumps((False, ParserCrash(f"{type(exc).__name__}: {exc}")))
        with os.fdopen(fd, "wb") as pipe:
            pipe.write(payload)
    except BaseException:
        status = 1
    finally:
        os._exit(status)  # no clean-up: buffers and handlers belong to the parent


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    """Cap the child's address space at what it has now plus :data:`MEMORY_LIMIT`."""
    try:
        import resource

        with open("/proc/self/statm") as fh:
            pages = int(fh.read().split()[0])
        current = pages * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = current + MEMORY_LIMIT
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        if soft == resource.RLIM_INFINITY or soft > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (OSError, ValueError, ImportError):
        pass  # no /proc (macOS) or no resource module: run without the cap
