"""Reviewers' notes on an article under review, which Decap asks its proxy for and decap-server lacks.

One JSON file per article under review, kept inside the repository's ``.git`` folder (never
committed, never in the site). Notes of an article are dropped when it is published or its
review is deleted.
"""

from __future__ import annotations

import datetime
import json
import re
import threading
import uuid
from pathlib import Path

SAFE = re.compile(r"[^a-z0-9_-]+")


class Notes:
    def __init__(self, folder: Path):
        self.folder = folder
        self._lock = threading.Lock()

    def _file(self, collection: str, slug: str) -> Path:
        return self.folder / f"{SAFE.sub('-', collection.lower())}--{SAFE.sub('-', slug.lower())}.json"

    def _read(self, collection: str, slug: str) -> list[dict]:
        try:
            return json.loads(self._file(collection, slug).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []

    def _write(self, collection: str, slug: str, notes: list[dict]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._file(collection, slug)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(notes, ensure_ascii=False, indent=1), encoding="utf-8")
        temporary.replace(path)

    def list(self, collection: str, slug: str) -> list[dict]:
        with self._lock:
            return self._read(collection, slug)

    def add(self, collection: str, slug: str, note: dict, author: str) -> dict:
        with self._lock:
            notes = self._read(collection, slug)
            saved = {**note, "id": uuid.uuid4().hex, "author": note.get("author") or author,
                     "timestamp": note.get("timestamp") or now(), "resolved": bool(note.get("resolved")),
                     "entrySlug": slug}
            notes.append(saved)
            self._write(collection, slug, notes)
            return saved

    def update(self, collection: str, slug: str, note_id: str, changes: dict) -> dict | None:
        with self._lock:
            notes = self._read(collection, slug)
            for note in notes:
                if note.get("id") == note_id:
                    note.update({k: v for k, v in changes.items() if k not in ("id", "author", "entrySlug")})
                    self._write(collection, slug, notes)
                    return note
            return None

    def toggle(self, collection: str, slug: str, note_id: str) -> dict | None:
        with self._lock:
            notes = self._read(collection, slug)
            for note in notes:
                if note.get("id") == note_id:
                    note["resolved"] = not note.get("resolved")
                    self._write(collection, slug, notes)
                    return note
            return None

    def delete(self, collection: str, slug: str, note_id: str) -> None:
        with self._lock:
            notes = [n for n in self._read(collection, slug) if n.get("id") != note_id]
            self._write(collection, slug, notes)

    def drop(self, collection: str, slug: str) -> None:
        with self._lock:
            self._file(collection, slug).unlink(missing_ok=True)


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
