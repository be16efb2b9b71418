"""Forked worker processes, safe whatever else runs in the parent.

The engine splits reading and writing between the processes a machine can run at once
(:func:`available_cpus`). A worker is a fork of the build process, so it shares the whole
site in memory without copying or pickling it. Forking is safe here even when other
threads run in the parent (Pelican's command line shows a ``rich`` spinner in a thread; the
preview runs its server and watcher in threads): the only things such a thread can hold
at the moment of the fork are its output stream and the logging console, so a worker
writes through new streams on duplicated file descriptors and a plain logging handler,
never through the parent's. How a build was started therefore never decides whether it
runs in parallel.

A worker reports failure through its exit status, after printing its own message; the
parent turns a failed worker into :class:`WorkerFailed`, which stops the build.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import sys
import traceback
from typing import Callable

from ..failures import describe_os_error


class WorkerFailed(SystemExit):
    """A worker process failed (it printed why); the build stops with exit status 1."""

    def __init__(self, what: str, status: int):
        super().__init__(f"Proses pembantu gagal saat {what} (status {status}); pesan penyebabnya ada di atas.")


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity), not the machine's total."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    return hasattr(os, "fork")


class Worker:
    """A forked child doing one job; waited for once."""

    def __init__(self, pid: int, what: str, news: int | None = None):
        self.pid, self.what = pid, what
        self.news = news  # the read end of the pipe the child tells through (fork's ``tells``)
        self.status: int | None = None

    def heard(self, word: bytes) -> None:
        """Wait until the child tells ``word`` (one byte; see :func:`fork`'s ``tells``). A child that
        ends without telling it failed: its own failure, or :class:`WorkerFailed`."""
        if self.news is None or os.read(self.news, 1) != word:
            try:
                self.wait()
            except ChildProcessError:  # a process forked by the parent hears a sibling, which it cannot wait for
                pass
            if self.news is not None:
                raise WorkerFailed(self.what, 1)

    def wait(self) -> None:
        if self.status is None:
            _, raw = os.waitpid(self.pid, 0)
            self.status = os.waitstatus_to_exitcode(raw)
        if self.status != 0:
            raise WorkerFailed(self.what, self.status)

    def stop(self) -> None:
        """End a worker whose work is no longer wanted (the build failed elsewhere), and reap it."""
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGTERM)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.status = 0


def fork(work: Callable[..., None], what: str, quiet: bool = False, tells: bool = False) -> Worker:
    """Run ``work()`` in a forked child; the parent returns at once with the child's handle.

    A ``quiet`` child writes nothing and holds none of the parent's output pipes, so a child that
    outlives its parent does not keep whoever reads the parent's output waiting; the parent
    returns only once the child has let go of them.

    A child that ``tells`` runs ``work(tell)``: ``tell(word)`` sends one byte through a pipe,
    which the parent (or a process it forks later) waits for with :meth:`Worker.heard`: the
    parent can go on when the child reached a point of its work, before the child ends.

    The site in memory is shared with the child until either side writes to a page of it.
    Frozen, the cycle collector leaves those objects alone in the child (its passes would
    write to every object's header and so copy the parent's memory), as Python's gc docs advise.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    frozen_before = gc.get_freeze_count() > 0  # a loaded release state stays frozen (engine.state.uncollected)
    gc.freeze()
    news, telling = os.pipe() if tells else (None, None)
    hushed, hushing = os.pipe() if quiet else (None, None)
    pid = os.fork()
    if pid != 0:
        if not frozen_before:
            gc.unfreeze()
        if telling is not None:
            os.close(telling)
        if hushing is not None:  # return once the child let go of the output (it closes its end)
            os.close(hushing)
            os.read(hushed, 1)
            os.close(hushed)
        return Worker(pid, what, news)
    status = 0
    try:  # the child: never returns into the parent's code
        if quiet:
            os.close(hushed)
            quieten()
            os.close(hushing)
        own_streams()
        if telling is None:
            work()
        else:
            os.close(news)
            work(lambda word: os.write(telling, word))
    except OSError as err:
        print(describe_os_error(err), file=sys.stderr)
        status = 1
    except SystemExit as err:  # clear errors carry their message as the exit code
        if err.code not in (None, 0):
            print(err.code, file=sys.stderr)
            status = 1
    except BaseException:
        traceback.print_exc()
        status = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(status)


def quieten() -> None:
    """This process writes nothing more, and lets go of the output pipes it shares: standard output
    and error, and the descriptors its streams write through (a worker's own, see own_streams),
    so that whoever reads the command's output sees its end when the command ends."""
    sys.stdout.flush()
    sys.stderr.flush()
    devnull = os.open(os.devnull, os.O_WRONLY)
    for fd in {1, 2, *stream_descriptors()}:
        os.dup2(devnull, fd)
    os.close(devnull)


def stream_descriptors() -> list[int]:
    found = []
    for stream in (sys.stdout, sys.stderr):
        try:
            found.append(stream.fileno())
        except (AttributeError, OSError, ValueError):
            continue
    return found


def own_streams() -> None:
    """New stdout, stderr and logging handler for a forked child.

    A thread of the parent may have held the lock of ``sys.stdout``'s buffer, or of a rich
    console, at the moment of the fork; in the child that lock is never released. The
    child writes through new objects instead. (Python itself renews the logging module's
    locks and the import lock in a forked child.)
    """
    sys.stdout = open(os.dup(1), "w", encoding="utf-8", errors="backslashreplace", buffering=1)
    sys.stderr = open(os.dup(2), "w", encoding="utf-8", errors="backslashreplace", buffering=1)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    loggers = [logging.getLogger()] + [
        value for value in logging.Logger.manager.loggerDict.values() if isinstance(value, logging.Logger)
    ]
    for logger in loggers:
        for old in list(logger.handlers):
            logger.removeHandler(old)
    logging.getLogger().addHandler(handler)
