"""Write the site on both cores: our own pages in a forked process while Pelican writes its own.

Region, province and cohort pages, their feeds, the data files and the sitemaps depend only on
the build's context, complete once every generator has run ``generate_context``. Hooks
``all_generators_finalized``: forks a child that runs the output of every generator marked
:class:`BackgroundOutput`, while the parent goes on with Pelican's articles, indexes and
archives, and the search index. The first of our generators to be asked for its output waits
for the child; a failure in the child stops the build with its message.

Falls back to writing in-process when ``PARALLEL_OUTPUT`` is off, fork is unavailable, or
other threads are running (forking a threaded process is unsafe).
"""

from __future__ import annotations

import gc
import os
import sys
import threading
import traceback

from pelican import signals
from pelican.writers import Writer

from ..settings import use_defaults
from ..failures import describe_os_error


class BackgroundOutputError(SystemExit):
    def __init__(self, status: int):
        super().__init__(f"Penulisan halaman wilayah, data dan peta situs gagal (status {status}); "
                         "pesan penyebabnya ada di atas.")


class ForkedJob:
    """The child process writing our pages; waited for once."""

    def __init__(self, pid: int):
        self.pid = pid
        self.status: int | None = None

    def wait(self):
        if self.status is None:
            _, raw = os.waitpid(self.pid, 0)
            self.status = os.waitstatus_to_exitcode(raw)
        if self.status != 0:
            raise BackgroundOutputError(self.status)


class BackgroundOutput:
    """Mixin for a generator whose output may be written by the forked child."""

    background_job: ForkedJob | None = None

    def write_output(self, writer):  # pragma: no cover - defined by each generator
        raise NotImplementedError

    def generate_output(self, writer):
        if self.background_job is not None:
            self.background_job.wait()
        else:
            self.write_output(writer)


def register():
    """Fork the writing of our pages once every context is complete."""
    signals.initialized.connect(use_defaults)
    signals.all_generators_finalized.connect(start_background_output)



def start_background_output(generators):
    ours = [g for g in generators if isinstance(g, BackgroundOutput)]
    if not ours or not ours[0].settings.get("PARALLEL_OUTPUT") or not hasattr(os, "fork"):
        return
    if threading.active_count() > 1:
        return
    settings = ours[0].settings
    sys.stdout.flush()
    sys.stderr.flush()
    # The whole site is in memory, shared with the child until either side writes to a page of
    # it. Frozen, the cycle collector leaves those objects alone in the child (its passes would
    # write to every object's header and so copy the parent's memory), as Python's gc docs advise.
    gc.freeze()
    pid = os.fork()
    if pid != 0:
        gc.unfreeze()
    if pid == 0:  # the child: write, then leave without running the parent's cleanup
        status = 0
        try:
            writer = Writer(ours[0].output_path, settings=settings)
            for generator in ours:
                generator.write_output(writer)
        except OSError as err:
            print(describe_os_error(err), file=sys.stderr)
            status = 1
        except SystemExit as err:  # our clear errors carry their message as the exit code
            print(err.code, file=sys.stderr)
            status = 1
        except BaseException:  # any other failure: show it, never return into the parent's code
            traceback.print_exc()
            status = 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)
    job = ForkedJob(pid)
    for generator in ours:
        generator.background_job = job
