"""A warm publisher (smartcity.tools.warm): the publish after a publish starts from memory.

It must publish what a cold publish publishes (the release equal, file for file, to a whole
build), keep the kill guarantee (a killed command stops its publish before the swap), answer
only for its own command line and code, and go away when no publish came for its wait.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.corpus import generate
from conftest import ROOT, write_article
from smartcity.tools import warm
from test_publish_incremental import eventually, tree

GOOD = """
    Title: Sragen membuka layanan baru
    Date: 2019-06-01 10:00
    Regions: Kabupaten Sragen
    Summary: Ringkas.
"""


def environment(seconds: int) -> dict:
    return {**os.environ, warm.SECONDS_VARIABLE: str(seconds)}


def command(content: Path, root: Path, settings: Path | None = None) -> list[str]:
    return ["--content", str(content), "--root", str(root), "--target", ""] + (
        ["--settings", str(settings)] if settings else [])


def publish(argv: list[str], seconds: int = 60) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "smartcity.tools.publish", *argv], cwd=ROOT, capture_output=True,
                            text=True, timeout=600, env=environment(seconds))
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def whole_build(content: Path, settings: Path, output: Path) -> dict:
    subprocess.run([sys.executable, "-m", "smartcity.tools.build", str(content), "-s", str(settings), "-o", str(output)],
                   cwd=ROOT, check=True, capture_output=True, timeout=600)
    return tree(output)


def holders_of(pipe_inode: int) -> list[int]:
    """The processes, other than this one, that hold the pipe ``pipe_inode`` open."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            links = [os.readlink(fd) for fd in (entry / "fd").iterdir()]
        except OSError:
            continue
        if f"pipe:[{pipe_inode}]" in links:
            found.append(int(entry.name))
    return found


def publishers(argv: list[str]) -> list[int]:
    return warm.serving(argv, str(ROOT))


def session_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[4])


def gone(pid: int) -> bool:
    """Whether the process has ended (a zombie, not yet waited for by its parent, has ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


@pytest.fixture
def stop_publishers():
    """Send away the publishers a test started (they would wait for a minute)."""
    started: list[list[str]] = []
    yield started
    for argv in started:
        warm.stop(argv, str(ROOT))


def test_publishes_from_a_warm_publisher_equal_whole_builds(tmp_path, stop_publishers):
    content = generate(210, tmp_path / "content")  # above the engine's threshold: two writing processes
    settings = tmp_path / "settings.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom publishconf import *  # noqa\n")
    root = tmp_path / "public"
    argv = command(content, root, settings)
    stop_publishers.append(argv)
    process = subprocess.Popen([sys.executable, "-m", "smartcity.tools.publish", *argv], cwd=ROOT,
                               env=environment(60), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    process.wait(timeout=600)  # the first publish (a whole build) starts the publisher
    assert process.returncode == 0
    assert holders_of(os.fstat(process.stdout.fileno()).st_ino) == [], "a process left behind holds the output"
    assert b"penerbit hangat" not in process.stdout.read()
    process.stdout.close()

    newest = sorted((content / "berita").glob("*.md"))[-1].read_text(encoding="utf-8")
    write_article(content, "2026-10-31-tambahan.md", """
        Title: Tambahan: jaringan baru untuk warga
        Date: 2026-10-31 23:59
        Regions: Kota Ambon
        Summary: Berita tambahan.
    """, newest.split("\n\n", 1)[1])
    assert eventually(lambda: len(publishers(argv)) == 1, 30), "no publisher listens"
    first_publisher = publishers(argv)
    first_session = session_of(first_publisher[0])
    # The command that made the whole build serves, forked off with its articles: no new Python
    # imports the modules and loads the state.
    assert b"smartcity.tools.publish" in Path(f"/proc/{first_publisher[0]}/cmdline").read_bytes()
    assert first_publisher[0] in warm.serving(None)  # (every publisher: what the bench stops)
    second = publish(argv)
    assert "Langkah (dari penerbit hangat)" in second.stdout, second.stdout
    assert tree((root / "current").resolve()) == whole_build(content, settings, tmp_path / "whole-1")
    # The publish's own process, forked off, serves the next publish with the articles it made (no
    # state to load); the publisher it came from has gone; it stays in the publishers' session.
    # (the publisher that served may still hold the socket for a moment as it leaves)
    assert eventually(lambda: len(publishers(argv)) == 1 and publishers(argv) != first_publisher, 10), \
        (first_publisher, publishers(argv))
    taken_over = publishers(argv)
    assert eventually(lambda: gone(first_publisher[0]), 10)
    assert session_of(taken_over[0]) == first_session

    files = sorted((content / "berita").glob("*.md"))
    files[40].write_text(files[40].read_text(encoding="utf-8").replace("warga", "penduduk", 1), encoding="utf-8")
    files[150].unlink()
    third = publish(argv)
    assert "Langkah (dari penerbit hangat)" in third.stdout, third.stdout
    assert eventually(lambda: publishers(argv) not in ([], taken_over), 10), (taken_over, publishers(argv))
    live = (root / "current").resolve()
    assert tree(live) == whole_build(content, settings, tmp_path / "whole-2")
    assert (live / "berita/2026/10/tambahan-jaringan-baru-untuk-warga/index.html").exists()

    # Whoever reads the command's output sees its end when the command ends: no process the
    # publish left behind (its state saver) holds the output pipe.
    files[60].write_text(files[60].read_text(encoding="utf-8").replace("warga", "penduduk", 1), encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "smartcity.tools.publish", *argv], cwd=ROOT,
                               env=environment(60), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    process.wait(timeout=600)
    assert process.returncode == 0
    assert holders_of(os.fstat(process.stdout.fileno()).st_ino) == [], "a process left behind holds the output"
    assert b"Langkah (dari penerbit hangat)" in process.stdout.read()
    process.stdout.close()

    # The fourth publish brings the oldest release up to date in place, with the ledgers the
    # publisher loaded (the live release's, and the recycled one's under its new name).
    oldest = sorted((root / "releases").iterdir())[0].stat().st_ino
    files[41].write_text(files[41].read_text(encoding="utf-8").replace(
        "Author: Redaksi", "Author: Redaksi\nCorrection: Nama kota diperbaiki.", 1), encoding="utf-8")
    fourth = publish(argv)
    assert "Langkah (dari penerbit hangat)" in fourth.stdout, fourth.stdout
    live = (root / "current").resolve()
    assert live.stat().st_ino == oldest, "the oldest release was not recycled"
    assert tree(live) == whole_build(content, settings, tmp_path / "whole-3")


def test_a_killed_command_stops_its_warm_publish_before_the_swap(content, tmp_path, stop_publishers):
    write_article(content, "sragen.md", GOOD)
    root = tmp_path / "public"
    argv = command(content, root)
    stop_publishers.append(argv)
    publish(argv)
    live = (root / "current").resolve()
    before = tree(live)
    write_article(content, "baru.md", GOOD.replace("membuka layanan baru", "memperluas jaringan"))
    process = subprocess.Popen([sys.executable, "-m", "smartcity.tools.publish", *argv], cwd=ROOT,
                               env=environment(60), start_new_session=True, stdout=subprocess.PIPE, text=True)

    def writing() -> bool:
        fresh = [r for r in (root / "releases").iterdir() if r != live]
        return bool(fresh) and (fresh[0] / "berita").exists()

    end = time.monotonic() + 60
    while not writing() and time.monotonic() < end:
        time.sleep(0.002)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    time.sleep(3)  # the publish, in the publisher's child, had time to go on if it were to
    assert (root / "current").resolve() == live and tree(live) == before
    after = publish(argv)
    assert "Langkah (dari penerbit hangat)" in after.stdout, after.stdout
    assert ((root / "current").resolve() / "berita/2019/06/sragen-memperluas-jaringan/index.html").exists()


def test_a_publisher_leaves_when_no_publish_came_for_its_wait(content, tmp_path):
    write_article(content, "sragen.md", GOOD)
    argv = command(content, tmp_path / "public")
    publish(argv, seconds=2)
    time.sleep(8)  # starting, loading the state, then two seconds of waiting
    assert not warm.stop(argv, str(ROOT))
    assert "penerbit hangat" not in publish(argv, seconds=0).stdout


def test_a_publisher_started_without_the_articles_loads_the_live_state(content, tmp_path, stop_publishers,
                                                                      monkeypatch):
    write_article(content, "sragen.md", GOOD)
    root = tmp_path / "public"
    argv = command(content, root)
    stop_publishers.append(argv)
    publish(argv, seconds=0)
    # What a command that cannot fork itself safely (another thread runs) starts: a new process.
    monkeypatch.setenv(warm.SECONDS_VARIABLE, "60")
    warm.start(argv, str(ROOT), root, 60)
    assert eventually(lambda: len(publishers(argv)) == 1, 30), "no publisher listens"
    assert b"smartcity.tools.warm" in Path(f"/proc/{publishers(argv)[0]}/cmdline").read_bytes()
    write_article(content, "baru.md", GOOD.replace("membuka layanan baru", "memperluas jaringan"))
    after = publish(argv)
    assert "Langkah (dari penerbit hangat)" in after.stdout, after.stdout
    assert ((root / "current").resolve() / "berita/2019/06/sragen-memperluas-jaringan/index.html").exists()


def test_no_publisher_is_started_with_a_wait_of_zero(content, tmp_path):
    write_article(content, "sragen.md", GOOD)
    argv = command(content, tmp_path / "public")
    publish(argv, seconds=0)
    time.sleep(1)
    assert not warm.stop(argv, str(ROOT))


def test_the_code_signature_follows_the_python_files(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "data.csv").write_text("a,b\n")
    first = warm.code_signature([tmp_path], paths=[])
    (tmp_path / "data.csv").write_text("a,b,c\n")
    assert warm.code_signature([tmp_path], paths=[]) == first
    (tmp_path / "a.py").write_text("x = 22\n")
    assert warm.code_signature([tmp_path], paths=[]) != first


def test_each_command_line_and_folder_has_its_own_publisher():
    one = warm.address(["--content", "a", "--root", "b"], "/tmp")
    assert one == warm.address(["--content", "a", "--root", "b"], "/tmp")
    assert one != warm.address(["--content", "a", "--root", "c"], "/tmp")
    assert one != warm.address(["--content", "a", "--root", "b"], "/")


@pytest.mark.skipif(os.getuid() != 0, reason="needs root to connect as another user")
def test_a_publisher_answers_no_other_user(content, tmp_path, stop_publishers):
    """Any local user can connect to an abstract socket: the publisher checks who connected."""
    import json
    import socket

    write_article(content, "sragen.md", GOOD)
    argv = command(content, tmp_path / "public")
    stop_publishers.append(argv)
    publish(argv)
    pid = os.fork()
    if pid == 0:  # another user asks for the same publish
        answered = b"?"
        try:
            os.setgid(65534)
            os.setuid(65534)
            with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as connection:
                for _ in range(200):  # the publisher is starting
                    try:
                        connection.connect(warm.address(argv, str(ROOT)))
                        break
                    except ConnectionRefusedError:
                        time.sleep(0.05)
                request = json.dumps({"argv": argv, "cwd": str(ROOT), "env": {}}).encode()
                socket.send_fds(connection, [request], [0, 1, 2])
                connection.settimeout(30)
                answered = connection.recv(64)
        except BaseException as err:
            print("other user:", repr(err), file=sys.stderr)
        finally:
            os._exit(0 if answered == b"" else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, "the publisher answered another user"
    assert "Langkah (dari penerbit hangat)" in publish(argv).stdout  # and still answers its own


def test_a_quietened_process_lets_go_of_the_output_pipe():
    """A process that quietens (a writing worker saving its ledger, the state saver) holds neither
    standard output nor the descriptors its streams write through: the reader of the command's
    output sees its end when the command ends, not when that process does."""
    from smartcity.engine.workers import quieten

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            os.close(read)
            os.dup2(write, 1)
            sys.stdout = open(os.dup(write), "w")  # as a worker's own streams: a duplicate
            os.close(write)
            quieten()
            status = 0
        finally:
            time.sleep(3)  # still alive when the reader looks
            os._exit(status)
    os.close(write)
    started = time.monotonic()
    assert os.read(read, 1) == b""  # the end, without waiting for the child
    assert time.monotonic() - started < 2
    os.close(read)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_a_warm_publish_writes_on_the_commands_own_descriptors(tmp_path):
    """The publisher's child writes through descriptors 1 and 2 themselves (no duplicates for a
    process it forks to hold after quietening)."""
    script = tmp_path / "streams.py"
    script.write_text("import sys\nfrom smartcity.tools.warm import use_streams\nuse_streams()\n"
                      "print(sys.stdout.fileno(), sys.stderr.fileno())\n")
    done = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout.split() == ["1", "2"], done.stderr
