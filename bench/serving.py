"""Shared pieces of the HTTP benchmarks: wrk, serving complaintdesk with gunicorn, ports.

Used by ``bench/intake.py`` and ``bench/peer.py``. The complaintdesk server runs with the same
interpreter as the benchmark and imports the ``complaintdesk`` package from this checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

# Appended to every wrk script: one JSON line with the totals, read back by run_wrk().
# summary.errors.status counts responses with a status of 400 or more.
WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format("JSON {\\"requests\\": %d, \\"seconds\\": %f, \\"p50_ms\\": %f, \\"p90_ms\\": %f, \\"p99_ms\\": %f, \\"non2xx\\": %d, \\"socket_errors\\": %d}\\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def ensure_wrk() -> str:
    """Path of ``wrk``; tries ``apt-get install wrk`` once, else exits with a clear message."""
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk not found; trying apt-get install -y wrk ...", file=sys.stderr)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, capture_output=True)
    found = shutil.which("wrk")
    if not found:
        sys.exit("wrk is needed and is not installed: apt-get install wrk (Debian package 'wrk')")
    return found


def wrk_version(wrk: str) -> str:
    out = subprocess.run([wrk, "-v"], capture_output=True, text=True, check=False)
    text = (out.stdout + out.stderr).strip()
    return text.splitlines()[0].split(" Copyright")[0] if text else "unknown"


def run_wrk(wrk: str, url: str, script: str, seconds: float, connections: int) -> dict:
    """Drive ``url`` for ``seconds`` with ``script`` (WRK_REPORT is appended) and return totals."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script + WRK_REPORT)
    try:
        done = subprocess.run(
            [
                wrk,
                "-t2",
                f"-c{connections}",
                f"-d{max(1, round(seconds))}s",
                "--timeout",
                "10s",
                "-s",
                handle.name,
                url,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        os.unlink(handle.name)
    lines = [line for line in done.stdout.splitlines() if line.startswith("JSON ")]
    if done.returncode != 0 or not lines:
        sys.exit(f"wrk failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    result = json.loads(lines[-1][5:])
    result["per_second"] = round(result["requests"] / result["seconds"], 1)
    return result


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except urllib.error.HTTPError:
            return  # the server answers, even if not with 2xx
        except OSError:
            time.sleep(0.2)
    sys.exit(f"server did not answer at {url}")


def post_json(url: str, body: dict, headers: dict[str, str]) -> tuple[int, str]:
    """One POST, for checking a target before loading it: (status, body text)."""
    request = urllib.request.Request(
        url,
        data=json.dumps(body, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json", **headers},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def count_rows(database: Path, table: str) -> int:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30) as conn:
        return int(conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])


def stop(process: subprocess.Popen) -> None:
    """SIGTERM the server's process group (gunicorn and its workers) and wait."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@dataclass
class Complaintdesk:
    """complaintdesk served by gunicorn on a fresh SQLite database in its own data directory."""

    workers: int = 2
    port: int = 0
    extra_env: dict[str, str] = field(default_factory=dict)
    data_dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="cd-bench-")))
    key: str = ""
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def database(self) -> Path:
        return self.data_dir / "complaintdesk.sqlite3"

    @property
    def log_path(self) -> Path:
        return self.data_dir / "server.log"

    def env(self) -> dict[str, str]:
        pythonpath = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
        env = {
            **os.environ,
            "PYTHONPATH": pythonpath,
            "COMPLAINTDESK_DATA_DIR": str(self.data_dir),
            "LOG_LEVEL": "ERROR",
            **self.extra_env,
        }
        env.setdefault("DJANGO_SETTINGS_MODULE", "complaintdesk.config.settings")
        return env

    def cli(self, *args: str) -> str:
        done = subprocess.run(
            [PYTHON, "-m", "complaintdesk.cli", *args],
            env=self.env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            sys.exit(f"complaintdesk {' '.join(args)} failed:\n{done.stderr.strip()}")
        return done.stdout.strip()

    def start(self) -> Complaintdesk:
        """Migrate, create an integration key, start gunicorn and wait until it answers."""
        self.cli("migrate", "-v0")
        self.key = self.cli("apikey", "create", "--name", "bench", "--role", "integration")
        self.port = self.port or free_port()
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                [
                    PYTHON,
                    "-m",
                    "complaintdesk.cli",
                    "serve",
                    "--workers",
                    str(self.workers),
                    "--access-logfile",
                    "/dev/null",
                ],
                env={**self.env(), "BIND": f"127.0.0.1:{self.port}"},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_until_up(self.base + "/healthz")
        return self

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)

    def complaints(self) -> int:
        return count_rows(self.database, "complaints_complaint")

    def locked_errors(self) -> int:
        return self.log_path.read_text(errors="replace").count("database is locked")
