"""Load benchmark: the production nginx config serving a built site, measured with wrk.

Serves the site with deploy/nginx.conf on 127.0.0.1 (tests.support.nginx.serve) and runs a
short, bounded wrk run against each of: one article page, /feed.xml, Pagefind's entry file and
one Pagefind index chunk, asking for gzip as browsers do. Prints requests and bytes per second
and the error counts wrk reports (non-2xx/3xx responses, socket errors) as JSON.

    python -m bench.load                  # builds the sample content into a temporary folder
    python -m bench.load --site output    # an existing build

Loopback only, a few seconds per URL: it measures the config (compression, sendfile), not a
network. Needs Debian's nginx and wrk packages.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from pelican import Pelican
from pelican.settings import read_settings

from tests.support import nginx

ROOT = Path(__file__).resolve().parent.parent
MAX_SECONDS, MAX_CONNECTIONS, MAX_THREADS = 30, 256, 8
UNITS = {"B": 1, "KB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3, "TB": 1024 ** 4}
SIZE = r"([\d.]+)([KMGT]?B)"


def wrk_path() -> str:
    path = shutil.which("wrk")
    if not path:
        raise RuntimeError("wrk is missing: install Debian's wrk package")
    return path


def build_sample(output: Path) -> Path:
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(ROOT / "content"), "OUTPUT_PATH": str(output), "CACHE_CONTENT": False,
    })
    Pelican(settings=settings).run()
    return output


def targets(site: Path) -> dict[str, str]:
    """One URL path per kind of file measured."""
    def first(pattern: str) -> Path:
        found = sorted(site.glob(pattern))
        if not found:
            raise RuntimeError(f"no {pattern} in {site}: is it a built site?")
        return found[0]
    return {
        "article": "/" + str(first("berita/*/*/*/index.html").parent.relative_to(site)) + "/",
        "feed": "/feed.xml",
        "pagefind entry": "/pagefind/pagefind-entry.json",
        "pagefind index chunk": "/" + str(first("pagefind/index/*.pf_index").relative_to(site)),
    }


def size_in_bytes(text: str) -> float:
    number, unit = re.fullmatch(SIZE, text).groups()
    return float(number) * UNITS[unit]


def parse_wrk(output: str) -> dict:
    """The numbers of wrk's summary; error counts are 0 when wrk prints no line for them."""
    totals = re.search(rf"(\d+) requests in ([\d.]+)(m?s|m|h), {SIZE} read", output)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    transfer = re.search(rf"Transfer/sec:\s+{SIZE}", output)
    if not (totals and rate and transfer):
        raise RuntimeError(f"cannot read wrk's output:\n{output}")
    latency = re.search(r"Latency\s+([\d.]+)(us|ms|s)\b", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    per_ms = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    return {
        "requests": int(totals[1]),
        "requests_per_s": float(rate[1]),
        "transfer_bytes_per_s": round(size_in_bytes(transfer[1] + transfer[2])),
        "transfer_per_s": transfer[1] + transfer[2],
        "bytes_read": round(size_in_bytes(totals[4] + totals[5])),
        "latency_avg_ms": round(float(latency[1]) * per_ms[latency[2]], 3) if latency else None,
        "non_2xx_3xx": int(non_2xx[1]) if non_2xx else 0,
        "socket_errors": dict(zip(("connect", "read", "write", "timeout"),
                                  map(int, sockets.groups()) if sockets else (0, 0, 0, 0))),
    }


def probe(base_url: str, path: str, encoding: str) -> dict:
    """Status, Content-Encoding and size of one response, so a 404 is never benchmarked unnoticed."""
    url = urlsplit(base_url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": encoding})
        response = connection.getresponse()
        body = response.read()
        return {"status": response.status, "content_encoding": response.getheader("Content-Encoding"),
                "response_bytes": len(body)}
    finally:
        connection.close()


def load(url: str, seconds: int, connections: int, threads: int, encoding: str) -> dict:
    if urlsplit(url).hostname != nginx.HOST:
        raise ValueError(f"load tests run against {nginx.HOST} only, not {url}")
    command = [wrk_path(), f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s",
               "-H", f"Accept-Encoding: {encoding}", url]
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30)
    if result.returncode:
        raise RuntimeError(f"wrk failed ({result.returncode}): {result.stderr.strip()}")
    return parse_wrk(result.stdout)


def run(site: Path, seconds: int, connections: int, threads: int, encoding: str) -> dict:
    report = {
        "server": subprocess.run([nginx.nginx_path(), "-v"], capture_output=True, text=True).stderr.strip(),
        "brotli_module": nginx.brotli_available(),
        "wrk": {"threads": threads, "connections": connections, "seconds": seconds, "accept_encoding": encoding},
        "targets": {},
    }
    with nginx.serve(site) as base_url:
        for name, path in targets(site).items():
            report["targets"][name] = {"path": path, **probe(base_url, path, encoding),
                                       **load(base_url + path, seconds, connections, threads, encoding)}
    return report


def main():
    parser = argparse.ArgumentParser(description="Load benchmark of the production nginx config, on loopback")
    parser.add_argument("--site", type=Path, help="a built site (default: build the sample content)")
    parser.add_argument("--seconds", type=int, default=3, help=f"per URL, at most {MAX_SECONDS}")
    parser.add_argument("--connections", type=int, default=16, help=f"at most {MAX_CONNECTIONS}")
    parser.add_argument("--threads", type=int, default=2, help=f"at most {MAX_THREADS}")
    parser.add_argument("--encoding", default="gzip", help="the Accept-Encoding header sent")
    args = parser.parse_args()
    connections = min(max(args.connections, 1), MAX_CONNECTIONS)
    bounded = dict(seconds=min(max(args.seconds, 1), MAX_SECONDS), connections=connections,
                   threads=min(max(args.threads, 1), MAX_THREADS, connections))  # wrk: threads <= connections
    if args.site:
        report = run(args.site.resolve(), encoding=args.encoding, **bounded)
    else:
        with tempfile.TemporaryDirectory(prefix="kabar-load-") as temp:
            report = run(build_sample(Path(temp) / "output"), encoding=args.encoding, **bounded)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
