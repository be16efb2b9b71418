"""The production nginx config (deploy/), run on a free loopback port for tests and benchmarks.

Why it exists: what readers get from the production web server (compression, cache lifetimes,
Content-Types, the custom 404 page, security headers and the CSP the search page must work
under) is in deploy/nginx.conf, and Python's http.server shows none of it. ``serve`` runs that
same config under Debian's nginx, as a child process, with everything it writes in a temporary
prefix; only the ``listen`` and ``root`` lines of deploy/site.conf are substituted.

Depends on Debian's ``nginx`` package; brotli is switched on when Debian's
``libnginx-mod-http-brotli-filter`` is installed (see the top of deploy/nginx.conf).
"""

from __future__ import annotations

import grp
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so")
BROTLI_INCLUDES = ("brotli.main.conf", "brotli.http.conf")
HOST = "127.0.0.1"
START_TIMEOUT = 10.0


def nginx_path() -> str:
    """The nginx binary: $NGINX, then the PATH, then Debian's /usr/sbin/nginx."""
    path = os.environ.get("NGINX") or shutil.which("nginx")
    if not path and os.access("/usr/sbin/nginx", os.X_OK):
        path = "/usr/sbin/nginx"
    if not path:
        raise RuntimeError("nginx is missing: install Debian's nginx package (apt-get install nginx)")
    return path


def brotli_available() -> bool:
    """Whether Debian's brotli filter module is installed, so serve() switches brotli on."""
    return BROTLI_MODULE.exists()


def substitute(site_conf: str, site_dir: Path, port: int) -> str:
    """site.conf with its ``listen`` and ``root`` lines pointing at ``site_dir`` on loopback ``port``."""
    for directive, value in (("listen", f"{HOST}:{port}"), ("root", str(site_dir.resolve()))):
        if re.search(r"[\s;{}\"']", value):
            raise ValueError(f"{directive} value cannot go into nginx.conf unquoted: {value!r}")
        site_conf, count = re.subn(rf"(?m)^(\s*){directive}\s+[^;]*;", rf"\g<1>{directive} {value};", site_conf)
        if count != 1:
            raise ValueError(f"deploy/site.conf must have exactly one '{directive}' line, found {count}")
    return site_conf


def write_config(prefix: Path, site_dir: Path, port: int, brotli: bool | None = None) -> Path:
    """Copy deploy/ into ``prefix`` for ``site_dir`` on ``port``; returns the nginx.conf path.

    ``brotli``: None switches it on when the module is installed; True or False forces it.
    """
    shutil.copytree(DEPLOY, prefix, dirs_exist_ok=True)
    site_conf = prefix / "site.conf"
    site_conf.write_text(substitute(site_conf.read_text(), site_dir, port))
    for folder in ("logs", "temp", "enabled"):
        (prefix / folder).mkdir(exist_ok=True)
    if brotli is None:
        brotli = brotli_available()
    if brotli:
        if not brotli_available():
            raise RuntimeError(f"brotli asked for, but {BROTLI_MODULE} is missing: "
                               "install Debian's libnginx-mod-http-brotli-filter")
        for name in BROTLI_INCLUDES:
            shutil.copy(prefix / "brotli" / name, prefix / "enabled" / name)
    return prefix / "nginx.conf"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def global_directives(site_dir: Path) -> str:
    """-g directives: in the foreground; a root master hands workers to the site's owner."""
    directives = "daemon off;"
    if os.geteuid() == 0:
        # Workers would otherwise run as "nobody", who cannot read a 0700 temporary folder.
        info = site_dir.stat()
        directives += f" user {pwd.getpwuid(info.st_uid).pw_name} {grp.getgrgid(info.st_gid).gr_name};"
    return directives


def check_config(prefix: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """``nginx -t`` on a config written by write_config."""
    return subprocess.run(
        [nginx_path(), "-t", "-p", f"{prefix}/", "-c", str(prefix / "nginx.conf"), "-g", global_directives(site_dir)],
        capture_output=True, text=True, timeout=30,
    )


def _answers(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=0.2):
            return True
    except OSError:
        return False


def _failure(prefix: Path, why: str) -> RuntimeError:
    logs = [(prefix / "logs" / name) for name in ("stderr.log", "error.log")]
    text = "\n".join(path.read_text(errors="replace").strip() for path in logs if path.exists())
    return RuntimeError(f"nginx {why}:\n{text}")


@contextmanager
def serve(site_dir: Path, port: int | None = None, brotli: bool | None = None) -> Iterator[str]:
    """Serve ``site_dir`` with the production config on 127.0.0.1; yields the base URL.

    nginx runs in the foreground as a child process, its pid, logs and temp files in a
    temporary prefix that is removed afterwards. A free port is picked when none is given.
    """
    binary = nginx_path()
    site_dir = Path(site_dir).resolve()
    if not site_dir.is_dir():
        raise RuntimeError(f"no site to serve at {site_dir}")
    attempts = 3 if port is None else 1
    with tempfile.TemporaryDirectory(prefix="kabar-nginx-") as temp:
        prefix = Path(temp)
        for attempt in range(attempts):
            chosen = port or free_port()
            conf = write_config(prefix, site_dir, chosen, brotli)
            with open(prefix / "logs" / "stderr.log", "w") as stderr:
                process = subprocess.Popen(
                    [binary, "-p", f"{prefix}/", "-c", str(conf), "-g", global_directives(site_dir)],
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr,
                )
            deadline = time.monotonic() + START_TIMEOUT
            while process.poll() is None and not _answers(chosen) and time.monotonic() < deadline:
                time.sleep(0.05)
            if process.poll() is None and _answers(chosen):
                break
            _stop(process)
            error = _failure(prefix, f"did not start on {HOST}:{chosen}")
            # Another process may have taken the free port between the probe and nginx's bind.
            if "Address already in use" not in str(error) or attempt == attempts - 1:
                raise error
        try:
            yield f"http://{HOST}:{chosen}"
        finally:
            _stop(process)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()  # SIGTERM: nginx's fast shutdown
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
