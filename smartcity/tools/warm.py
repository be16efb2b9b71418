"""A warm publisher: the next ``invoke publish`` starts from memory.

Before a publish builds anything it spends about a second and a half (at 10,000 articles)
starting Python, importing Pelican, Markdown and Jinja, and loading the live release's
articles from its state. After a publish, a *warm publisher* stays for
``PUBLISH_WARM_SECONDS`` with that done: the modules imported, the live release's articles
loaded (:class:`smartcity.engine.session.Warm`). The next publish with the same command
line, from the same folder, finds it through a Linux abstract Unix socket named after them,
before it imports anything. It hands over its standard streams, environment and arguments,
and waits; the publisher forks a child that runs the publish as the command would
(:func:`smartcity.tools.publish.main`), taking the articles from memory. The command ends
with the child's exit status.

What a publish guarantees holds for a warm one:

- the child runs in a process group of its own and watches the connection: when the command
  ends before it (killed, interrupted), the child kills its group, as a kill stops a publish
  whole, and it checks that the command is still there right before the swap; a signal the
  command gets (Ctrl-C, a stop) is passed on to the child's group;
- the publisher answers only while its code is the code on disk (our package's files and the
  folders Python imports libraries from, by their stat); otherwise the command publishes
  itself;
- its articles are the live release's. A publish it served that made a new release live hands
  on: the publish's process forks the next publisher, holding that release's articles as its
  build left them, and the publisher that served it leaves (:func:`hand_on`). So a publish right
  after another neither waits for the state to be saved nor loads it. When another publish made
  a release live, the publisher loads that release's state, once saved, before it answers;
- with no publisher (none yet, timed out, another command line, ``PUBLISH_WARM_SECONDS`` 0)
  the command publishes itself, then starts one.

Only the standard library is imported before a publisher answers, so the command costs what
starting Python costs.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import gc
import hashlib
import json
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path

SECONDS_VARIABLE = "SMARTCITY_PUBLISH_WARM_SECONDS"  # read by publishconf.py
SOCKET_PREFIX = "smartcity-publish-"  # each publisher's abstract socket: this, then a digest of its command line
CODE = Path(__file__).resolve().parents[1]  # the smartcity package
POLL = 1.0  # seconds between the publisher's looks at the live release while idle
# A publisher that took over holds the garbage of the builds of the publishers before it (a few
# thousand objects each, in cycles). It collects them after GARBAGE_IDLE seconds without a publish
# (not at once: a publish that comes meanwhile would wait for it), or before it serves, once there
# are GARBAGE_BUILDS builds' (publishes back to back).
GARBAGE_IDLE = 10
GARBAGE_BUILDS = 20
LEDGERS_POLL = 0.05  # the same, while it waits for the state saver to let go of the lock to load the ledgers


def address(argv: list[str], cwd: str) -> str:
    """The publisher's socket for a command line run from ``cwd`` (abstract: nothing on disk)."""
    key = json.dumps([sys.executable, os.path.realpath(cwd), list(argv)])
    return "\0" + SOCKET_PREFIX + hashlib.sha1(key.encode()).hexdigest()[:24]


def seconds(settings: dict) -> int:
    """How long a publisher waits for the next publish: ``PUBLISH_WARM_SECONDS``."""
    return max(0, int(settings.get("PUBLISH_WARM_SECONDS") or 0))


def code_signature(folders=(CODE,), paths=None) -> tuple:
    """The stat of every Python file in ``folders`` and of the folders libraries are imported from
    (an install or upgrade changes them)."""
    found = []
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith(".py"):
                    info = os.stat(os.path.join(root, name))
                    found.append((os.path.join(root, name), info.st_mtime_ns, info.st_size))
    for entry in sys.path if paths is None else paths:
        if entry.endswith(("site-packages", "dist-packages")):
            with contextlib.suppress(OSError):
                found.append((entry, os.stat(entry).st_mtime_ns, 0))
    return tuple(found)


# The command's side

def hand_over(argv: list[str]) -> None:
    """Have a warm publisher run this publish, and exit with its status; return when there is
    none for this command line (the caller publishes itself)."""
    if os.environ.get(SECONDS_VARIABLE) == "0":
        return
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    try:
        connection.connect(address(argv, os.getcwd()))
    except OSError:
        connection.close()
        return
    with connection:
        request = json.dumps({"argv": argv, "cwd": os.getcwd(), "env": dict(os.environ)}).encode()
        try:
            socket.send_fds(connection, [request], [0, 1, 2])
            answer = connection.recv(64).decode()
        except OSError:
            return
        if not answer.startswith("w"):  # "c": publish yourself; nothing: the publisher has gone
            return
        group = int(answer[1:])

        def pass_on(number, frame):
            with contextlib.suppress(OSError):
                os.killpg(group, number)

        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(number, pass_on)
        try:
            status = connection.recv(64).decode()
        except OSError:
            status = ""
    if not status.lstrip("-").isdigit():
        print("Penerbit hangat berhenti sebelum penerbitan selesai; situs yang tayang tidak berubah "
              "kecuali penerbitan sempat ditukar.", file=sys.stderr)
        sys.exit(1)
    sys.exit(int(status))


def serving(argv: list[str] | None, cwd: str = "") -> list[int]:
    """The processes that hold the listening socket of the publisher for ``argv`` run from ``cwd``
    (one, while a publisher waits), or of any publisher (``argv`` None); from Linux's table of
    Unix sockets and each process's descriptors."""
    prefix = "@" + (address(argv, cwd)[1:] if argv is not None else SOCKET_PREFIX)
    rows = [line.split() for line in Path("/proc/net/unix").read_text().splitlines()[1:]]
    listening = {f"socket:[{row[6]}]" for row in rows
                 if len(row) == 8 and row[7].startswith(prefix) and row[3] == "00010000"}
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and listening & descriptors(entry):
            found.append(int(entry.name))
    return sorted(found)


def descriptors(process: Path) -> set[str]:
    """What the open file descriptors of a process (its folder in /proc) point at. A process at
    work opens and closes files meanwhile: one that is gone before it is read is left out, not
    the others."""
    found = set()
    with contextlib.suppress(OSError):
        for fd in (process / "fd").iterdir():
            with contextlib.suppress(OSError):
                found.add(os.readlink(fd))
    return found


def stop(argv: list[str], cwd: str) -> bool:
    """Send the publisher for this command line away; False when there is none."""
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    with connection:
        try:
            connection.connect(address(argv, cwd))
            connection.send(json.dumps({"stop": True}).encode())
            connection.recv(64)  # nothing comes: the publisher closes the connection as it goes
        except OSError:
            return False
    return True


def start(argv: list[str], cwd: str, root: Path, wait: int, loaded: tuple | None = None,
          signature: tuple | None = None) -> None:
    """Start a publisher for this command line, after a publish the command made itself: this
    process, forked (:func:`become`), when it holds the new live release's articles (``loaded``,
    with the ``signature`` of the code it imported) and no other thread runs; else a new process,
    which imports the modules and loads the release's state."""
    if wait <= 0 or os.environ.get(SECONDS_VARIABLE) == "0" or not sys.platform.startswith("linux"):
        return
    if loaded is not None and signature is not None and threading.active_count() == 1:
        become(argv, cwd, root, wait, loaded, signature)
        return
    subprocess.Popen([sys.executable, "-m", "smartcity.tools.warm", "--root", str(root), "--seconds", str(wait),
                      "--", *argv], cwd=cwd, start_new_session=True, stdin=subprocess.DEVNULL,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def listening(argv: list[str], cwd: str) -> socket.socket | None:
    """The publisher's socket for ``argv`` run from ``cwd``, bound and listening; None when a
    publisher for this command line is there already."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    try:
        listener.bind(address(argv, cwd))
    except OSError:
        listener.close()
        return None
    listener.listen(8)
    return listener


def become(argv: list[str], cwd: str, root: Path, wait: int, loaded: tuple, signature: tuple) -> None:
    """Fork this process, whose publish made ``loaded[0]`` live, into the publisher for its command
    line (run from ``cwd``): it has the modules imported and holds the release's articles as the
    build left them (``loaded[1]``), so the next publish neither waits for a new Python to start
    nor for the state to be loaded. It has a process group of its own (it outlives the command,
    and whatever stops the command's group), in the command's session: with Linux's autogroup
    scheduling, nice values count only within a session, and the newsroom, which runs the
    command, builds its preview at a lower priority so that a publish goes first. It holds none
    of the command's standard streams: whoever reads the command's output sees its end when the
    command ends."""
    listener = listening(argv, cwd)  # before the command ends: a publish started right after it waits for it
    if listener is None:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    if os.fork() != 0:
        listener.close()
        return
    try:  # the publisher: never returns into the command's code
        os.setpgid(0, 0)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        os.close(devnull)
        os.chdir(cwd)
        serve_until_idle(listener, root.resolve(), wait, signature, list(argv), os.path.realpath(cwd), (*loaded, 1))
    finally:
        os._exit(0)


# The publisher's side

def wait_for_publishes(root: Path) -> bool:
    """Wait until no publish runs (nor saves its state); False when one still does after the
    publish's own wait (publish.LOCK_WAIT)."""
    from .publish import take_lock

    with open(root / ".lock", "a") as lock:
        if not take_lock(lock):
            return False
        fcntl.flock(lock, fcntl.LOCK_UN)
        return True


def load_live(root: Path):
    """The live release's articles, once its state is saved; None when it has none."""
    from ..engine.session import Warm
    from ..engine.state import StateFolder
    from .publish import current_release, state_dir

    if not wait_for_publishes(root):
        return None
    live = current_release(root)
    if live is None:
        return None
    folder = StateFolder(state_dir(root, live))
    if folder.summary() is None:
        return None
    settings, context = {}, {}
    articles = folder.articles(settings, context)
    return None if articles is None else (live, Warm(str(folder.folder), articles, settings, context))


def load_ledgers(root: Path, warm, waiting) -> None:
    """The ledgers of the live release's state and of the release the next publish recycles, while
    no publish is ``waiting`` (one that is loads what it needs itself)."""
    from ..engine.state import StateFolder
    from .publish import recyclable

    live = Path(warm.state)
    spare = recyclable(root, root / "releases" / live.name)
    for folder in [StateFolder(live)] + ([StateFolder(spare[1])] if spare else []):
        for part, parts in folder.ledger_files():
            if waiting():
                return
            identity = folder.ledger_identity(part, parts)
            if identity is None or identity in warm.ledgers:  # (a spare's ledgers are the live state's, linked)
                continue
            ledger = folder.ledger(part, parts)
            if ledger is not None:
                warm.ledgers[identity] = ledger


def same_user(connection: socket.socket) -> bool:
    """The process at the other end runs as this one's user (an abstract socket has no file
    permissions: any local user could connect)."""
    credentials = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _, uid, _ = struct.unpack("3i", credentials)
    return uid == os.getuid()


class TakeOver(BaseException):
    """Raised in the process that made a publish, forked off as the next publisher: it goes up to
    :func:`serve_until_idle`, which serves on ``listener`` with ``loaded`` (the new live release,
    its articles, and how many builds' garbage the process holds, see GARBAGE_BUILDS)."""

    def __init__(self, listener: socket.socket, loaded: tuple):
        super().__init__()
        self.listener, self.loaded = listener, loaded


def serve(listener: socket.socket, root: Path, wait: int, signature: tuple, command: list[str], cwd: str,
          loaded: tuple | None = None) -> None:
    """Answer publishes of ``command`` (run from ``cwd``) until none came for ``wait`` seconds;
    ``loaded``: the live release, its articles and how many builds' garbage this process holds,
    when it was handed them (TakeOver)."""
    from .publish import current_release

    idle_until = time.monotonic() + wait
    ledgers_due = garbage = loaded is not None
    if loaded is not None:  # what the build left is frozen, as a loaded state is; its garbage goes
        gc.freeze()  # after GARBAGE_IDLE seconds without a publish, or now after GARBAGE_BUILDS builds
        if loaded[2] >= GARBAGE_BUILDS:
            loaded, garbage = collected(loaded), False
    while time.monotonic() < idle_until:
        if loaded is None or loaded[0] != current_release(root):
            loaded = None
            gc.unfreeze()  # the articles of an older release (frozen when loaded) can go
            gc.collect()
            loaded = load_live(root)
            if loaded is None:
                return
            loaded = (*loaded, 0)
            ledgers_due = True
        if ledgers_due and not locked(root):
            load_ledgers(root, loaded[1], lambda: bool(select.select([listener], [], [], 0)[0]))
            ledgers_due = False
        listener.settimeout(LEDGERS_POLL if ledgers_due else POLL)
        try:
            connection, _ = listener.accept()
        except TimeoutError:
            if garbage and not ledgers_due and time.monotonic() > idle_until - wait + GARBAGE_IDLE:
                loaded, garbage = collected(loaded), False
            continue
        with connection:
            try:
                message, fds, _, _ = socket.recv_fds(connection, 1 << 20, 3)
            except OSError:
                continue
            try:
                request = json.loads(message)
                if not same_user(connection) or (not request.get("stop") and (
                        request.get("argv") != command or os.path.realpath(request.get("cwd", "")) != cwd)):
                    continue
                if request.get("stop"):
                    return
                current = code_signature() == signature
                if current and len(fds) == 3 and loaded[0] == current_release(root):
                    pid, channel = start_publish(listener, connection, fds, request, loaded)
                    let_go(fds)  # the publish's child has its own copies of the command's streams
                    if handed_over(pid, channel, listener):
                        return  # a process forked from the publish's serves the next publishes
                else:
                    with contextlib.suppress(OSError):
                        connection.send(b"c")
                if not current:
                    return
            except ValueError:
                continue
            finally:
                let_go(fds)
        idle_until = time.monotonic() + wait


def collected(loaded: tuple) -> tuple:
    """``loaded`` once the cycle collector has gone over this process's objects (about a second at
    10,000 articles, with their ledgers): none of its builds' garbage is left."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    return (*loaded[:2], 0)


def locked(root: Path) -> bool:
    """Whether a publish (or its state saver) holds the publish lock now."""
    from .publish import take_lock

    with open(root / ".lock", "a") as lock:
        if not take_lock(lock, 0, exclusive=False):
            return True
        fcntl.flock(lock, fcntl.LOCK_UN)
        return False


def handed_over(pid: int, channel: socket.socket, listener: socket.socket) -> bool:
    """Wait for the publish's process to end, giving it the listening socket when it asks for it:
    whether it said it handed on. (Its end of ``channel`` is held by the processes it left behind too,
    so the end of the process is waited for, not the end of the channel.)"""
    handed = False
    with channel:
        while True:
            ended = os.waitpid(pid, os.WNOHANG)[0] != 0
            if not select.select([channel], [], [], 0 if ended else 0.05)[0]:
                if ended:
                    return handed
                continue
            try:
                word = channel.recv(16)
            except OSError:
                word = b""
            if word == b"listener":
                with contextlib.suppress(OSError):
                    socket.send_fds(channel, [b"l"], [listener.fileno()])
            elif word == b"h":
                handed = True
            elif not word:
                if ended:
                    return handed
                time.sleep(0.05)


def start_publish(listener, connection, fds: list[int], request: dict, loaded: tuple) -> tuple[int, socket.socket]:
    """Fork the publish's process; its pid, and this side of a channel on which it asks for the
    listening socket and says it handed on, when its publish made a new live release (TakeOver). It
    gets the socket only then: the processes it forks while it publishes (the state saver...) never
    hold it."""
    channel, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    pid = os.fork()
    if pid == 0:
        listener.close()
        channel.close()
        try:
            publish_in_child(connection, fds, request, loaded, theirs)
        except TakeOver:
            raise
        except BaseException:  # an unexpected failure: its traceback, on the command's stderr
            traceback.print_exc()
        os._exit(1)
    theirs.close()
    return pid, channel


def let_go(fds: list[int]) -> None:
    """Close the command's streams this process was given (once: the list is emptied), so that
    whoever reads the command's output sees its end when the command ends."""
    while fds:
        os.close(fds.pop())


def publish_in_child(connection: socket.socket, fds: list[int], request: dict, loaded: tuple,
                     channel: socket.socket) -> None:
    """The publish, in a process group of its own, on the command's streams; never returns in this
    process. When the publish made a new live release, it forks the next publisher first, which
    raises TakeOver with the release's articles (``channel``: to the publisher that forked this
    process, which gives the listening socket and leaves)."""
    from ..engine.release import warm_after
    from ..engine.workers import quieten
    from .build import status_of
    from .publish import main

    os.setpgid(0, 0)
    for target in (0, 1, 2):
        fd = fds.pop(0)
        os.dup2(fd, target)
        os.close(fd)
    use_streams()
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.argv = [sys.argv[0], *request["argv"]]
    connection.send(f"w{os.getpid()}".encode())
    done = threading.Event()
    kept = []

    def watch():  # the command sends nothing more: recv returns when it has ended
        with contextlib.suppress(OSError):
            connection.recv(1)
        if not done.is_set():
            os.killpg(0, signal.SIGKILL)

    def still_wanted() -> bool:
        return not select.select([connection], [], [], 0)[0]

    def swapped(release: Path, session) -> None:
        kept.append((release.resolve(), warm_after(session), loaded[2] + 1))

    threading.Thread(target=watch, daemon=True).start()
    try:
        status = status_of(lambda: main(request["argv"], warm=loaded[1], still_wanted=still_wanted, swapped=swapped))
    finally:
        done.set()
        quieten()  # the command ends on the status: by then no process holds its output
    if status == 0 and kept:
        with contextlib.suppress(OSError):  # (if not: the publisher that forked this one loads the state)
            hand_on(kept[0], channel)
    with contextlib.suppress(OSError):
        connection.send(str(status).encode())
    os._exit(status)


def hand_on(loaded: tuple, channel: socket.socket) -> None:
    """Fork the next publisher, holding ``loaded`` (the release this process made live, and its
    articles) and the listening socket, asked for on ``channel``; tell the publisher that forked
    this process that it can leave. The new one has a process group of its own (the command kills
    this one's when it is stopped), in the publishers' session: with Linux's autogroup scheduling,
    CPU is shared between sessions before nice values count, and the state saver, at the lowest
    priority, must give way to the next publish."""
    channel.send(b"listener")
    _, fds, _, _ = socket.recv_fds(channel, 16, 1)
    if not fds:
        return
    if os.fork() == 0:
        os.setpgid(0, 0)
        channel.close()
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        raise TakeOver(socket.socket(fileno=fds[0]), loaded)
    os.close(fds[0])
    channel.send(b"h")


def use_streams() -> None:
    """Text streams on the command's standard output and error (now file descriptors 1 and 2),
    line-buffered, without duplicating the descriptors: the state saver lets go of 1 and 2 when it
    quietens, so that whoever reads the command's output (``invoke``, the newsroom) sees its end
    when the publish ends, not when the state is saved. (This process has no other thread that
    could hold a stream's lock: the publisher is one thread.)"""
    sys.stdout = open(1, "w", encoding="utf-8", errors="backslashreplace", buffering=1, closefd=False)
    sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", buffering=1, closefd=False)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Penerbit hangat: penerbitan berikutnya dimulai dari memori.")
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--seconds", type=int, required=True)
    parser.add_argument("command", nargs=argparse.REMAINDER, help="argumen perintah penerbitan yang dilayani")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    listener = listening(command, os.getcwd())  # first: a publish made while this one starts waits for it
    if listener is None:
        return
    signature = code_signature()
    import_what_a_publish_imports()
    load_what_a_publish_loads(command)
    serve_until_idle(listener, args.root.resolve(), args.seconds, signature, command, os.path.realpath(os.getcwd()))


def serve_until_idle(listener: socket.socket, root: Path, wait: int, signature: tuple, command: list[str], cwd: str,
                     loaded: tuple | None = None) -> None:
    """:func:`serve`, in whichever process serves now: a publish's process that made the new live
    release takes over (TakeOver comes up here in it, and it serves from then on)."""
    while True:
        try:
            return serve(listener, root, wait, signature, command, cwd, loaded)
        except TakeOver as over:
            listener, loaded = over.listener, over.loaded


def import_what_a_publish_imports() -> None:
    """The publish command's modules and our plugins, imported once here instead of in each publish."""
    import importlib
    import pkgutil

    from .. import plugins
    importlib.import_module(".publish", __package__)
    for module in pkgutil.iter_modules(plugins.__path__):
        importlib.import_module(f"{plugins.__name__}.{module.name}")


def load_what_a_publish_loads(command: list[str]) -> None:
    """What a publish's first Markdown conversion and first page would load on the way, loaded
    once here: the Markdown extensions the site's converter imports, Babel's Indonesian locale
    data (together a tenth of a second of each warm publish)."""
    import datetime

    from pelican.settings import read_settings

    from ..dates import long_date
    from ..engine.reading import converter
    from .publish import command_line

    long_date(datetime.date.today())
    try:
        converter(read_settings(str(command_line(command).settings)))
    except (Exception, SystemExit):  # the publish itself says what is wrong with its settings
        pass


if __name__ == "__main__":
    main()
    os._exit(0)  # at once: freeing the articles one by one would take CPU from the publish that took over
