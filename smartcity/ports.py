"""A port that is already taken, told in one line: which port, what holds it, how to choose another.

Servers we start (the preview, the newsroom and its Git proxy) check their port before any
work, so a second `./dev serve` ends with a sentence instead of tornado's traceback. The holder
is found in ``/proc`` (Linux), which shows other users' processes only to root; when it cannot
be found, the line says so.
"""

from __future__ import annotations

import errno
import os
import socket
from pathlib import Path

LISTEN = "0A"  # TCP state in /proc/net/tcp


class PortTaken(Exception):
    """The port cannot be bound; ``str()`` is the one-line message."""


def check_free(host: str, port: int, hint: str) -> None:
    """Raise :class:`PortTaken` when ``host:port`` cannot be bound; ``hint`` says how to pick another."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as tornado binds
        try:
            probe.bind((host, port))
        except OSError as err:
            raise PortTaken(describe(port, err, hint)) from None


def describe(port: int, err: OSError, hint: str) -> str:
    """The message for a failed bind of ``port``."""
    if err.errno == errno.EADDRINUSE:
        holder = port_holder(port)
        held = f"sudah dipakai oleh {holder}" if holder else "sudah dipakai program lain"
        return f"Port {port} {held}; {hint}."
    if err.errno == errno.EACCES:
        return f"Port {port} tidak boleh dipakai oleh pengguna ini (port di bawah 1024 butuh hak root); {hint}."
    return f"Port {port} tidak dapat dipakai: {err.strerror or err}; {hint}."


def port_holder(port: int, proc: Path = Path("/proc")) -> str | None:
    """``name (PID n)`` of the process listening on ``port``, when /proc shows it."""
    inodes = listening_inodes(port, proc)
    if not inodes:
        return None
    for pid_dir in proc.iterdir():
        if not pid_dir.name.isdigit():
            continue
        try:
            for fd in (pid_dir / "fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:[") and target[8:-1] in inodes:
                    return f"{process_name(pid_dir)} (PID {pid_dir.name})"
        except OSError:  # gone, or another user's process
            continue
    return None


def listening_inodes(port: int, proc: Path = Path("/proc")) -> set[str]:
    """Socket inodes listening on ``port`` (IPv4 and IPv6)."""
    found = set()
    for table in ("tcp", "tcp6"):
        try:
            lines = (proc / "net" / table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 9 and fields[3] == LISTEN and int(fields[1].rsplit(":", 1)[1], 16) == port:
                found.add(fields[9])
    return found


def process_name(pid_dir: Path) -> str:
    try:
        command = (pid_dir / "cmdline").read_bytes().split(b"\0")
        words = [w.decode(errors="replace") for w in command if w][:3]
        if words:
            return " ".join([os.path.basename(words[0]), *words[1:]])
        return (pid_dir / "comm").read_text().strip()
    except OSError:
        return "proses lain"
