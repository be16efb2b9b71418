"""How the machine's own failures (disk full, permissions) are told to a writer: one line."""

from __future__ import annotations


def describe_os_error(err: OSError) -> str:
    where = f" {err.filename}" if err.filename else ""
    return (f"Gagal menulis{where}: {err.strerror or err}. Periksa ruang disk dan izin folder keluaran. "
            "Situs yang sudah terbit tidak berubah bila Anda memakai `invoke publish`.")
