"""Start a throw-away PostgreSQL cluster on a free loopback port (see TECH-NOTES)."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text


def _bin_dir() -> Path:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[4]))
    if candidates:
        return candidates[-1].parent
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise RuntimeError(
        "PostgreSQL server binaries not found: install Debian's `postgresql` package "
        "(the README's test command does this)."
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PostgresServer:
    data_dir: Path
    port: int
    bin_dir: Path
    as_postgres_user: bool

    @classmethod
    def start(cls, base: Path) -> PostgresServer:
        bin_dir = _bin_dir()
        as_postgres = os.geteuid() == 0
        data_dir = base / "data"
        if as_postgres:
            entry = pwd.getpwnam("postgres")
            base.chmod(0o755)
            for parent in base.parents:  # let the postgres user walk down to its folder
                if str(parent) in ("/", "/tmp"):
                    break
                parent.chmod(parent.stat().st_mode | 0o711)
            data_dir.mkdir()
            os.chown(data_dir, entry.pw_uid, entry.pw_gid)
            os.chown(base, entry.pw_uid, entry.pw_gid)
        server = cls(data_dir=data_dir, port=_free_port(), bin_dir=bin_dir, as_postgres_user=as_postgres)
        server._run(
            "initdb",
            "-D",
            str(data_dir),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        server._run(
            "pg_ctl",
            "-D",
            str(data_dir),
            "-w",
            "-l",
            str(base / "server.log"),
            "-o",
            f"-p {server.port} -k {base} -h 127.0.0.1 -F -c fsync=off -c full_page_writes=off",
            "start",
        )
        return server

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin_dir / tool), *args]
        if self.as_postgres_user:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{tool} failed ({result.returncode}): {result.stderr or result.stdout}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _admin(self, sql: str) -> None:
        engine = create_engine(self.url(), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(text(sql))
        finally:
            engine.dispose()

    def create_database(self, name: str, template: str | None = None) -> None:
        suffix = f' TEMPLATE "{template}"' if template else ""
        self._admin(f'CREATE DATABASE "{name}"{suffix}')

    def drop_database(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "stop")
