"""A real PostgreSQL server for the tests: initdb in a temp dir, started on 127.0.0.1, stopped after.

initdb and postgres refuse to run as root, so as root they run as the `postgres` user, in a directory
under /tmp that user can enter (pytest's tmp_path sits under a 0700 directory it cannot).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path
from typing import Any

import psycopg


def find_bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PostgresServer:
    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(dir="/tmp", prefix="pa-pg-"))
        self.data = self.root / "data"

    def _run(self, *args: str) -> None:
        options: dict[str, Any] = {}
        if os.geteuid() == 0:
            options = {"user": "postgres", "group": "postgres", "extra_groups": []}
        subprocess.run(args, check=True, capture_output=True, cwd=self.root, **options)

    def start(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self._run(
            str(self.bin_dir / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--locale=C.UTF-8", "-N",
        )  # fmt: skip
        self._run(
            str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "log"), "-w",
            "-o", f"-h 127.0.0.1 -p {self.port} -k {self.root} -F", "start",
        )  # fmt: skip

    def stop(self) -> None:
        try:
            self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def create_database(self) -> str:
        """A fresh, empty database; returns its SQLAlchemy URL."""
        name = f"pa_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"
