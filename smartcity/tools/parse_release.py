"""Parse a release's feed, sitemap and articles' data: each must be well-formed XML or JSON.

Publishing runs this file as a process of its own (``python -I -S parse_release.py RELEASE
xml:atom.xml json:data/articles.json ...``)
as soon as the build has written those files (:class:`smartcity.tools.publish.Parsing`): it then
parses on the second core while the publish makes its search index, where a thread would take the
interpreter from the publish's own threads (a JSON parse holds it throughout). It imports only
the standard library, so it starts in a few hundredths of a second. It prints one line per
broken file and exits with status 1 when there is one.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from xml.parsers import expat


def well_formed(path: Path) -> None:
    """Parse an XML file without building its tree (a sitemap of 10,000 addresses in a tenth of
    the time); raises expat.ExpatError where it is broken."""
    with open(path, "rb") as f:
        expat.ParserCreate().ParseFile(f)


def problems(release: Path, files: list[tuple[str, str]]) -> list[str]:
    """A line for each of ``files`` (kind, "xml" or "json", and path relative to ``release``) that
    is broken. A file that cannot be read is a problem too."""
    found = []
    for kind, name in files:
        path = release / name
        try:
            if kind == "json":
                json.loads(path.read_text(encoding="utf-8"))
            else:
                well_formed(path)
        except (ValueError, expat.ExpatError) as err:  # (json's errors are ValueErrors)
            found.append(f"{name} rusak: {err}")
        except OSError as err:
            found.append(f"{name} tidak terbaca: {err.strerror or err}")
    return found


def main(argv: list[str]) -> int:
    release, *files = argv
    found = problems(Path(release), [tuple(kind_name.split(":", 1)) for kind_name in files])
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
