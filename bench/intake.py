"""Intake throughput and latency over HTTP, beside the same server's health endpoint.

Starts gunicorn (``complaintdesk serve``) on a fresh SQLite database (or ``DATABASE_URL``),
creates an integration API key, then drives the server with ``wrk`` at 32 concurrent
connections: first ``GET /healthz`` (no database), then ``POST /api/v1/complaints``. Prints
one JSON document with requests/s, p50/p99 latency, errors and the intake/health ratio, and
counts "database is locked" lines in the server log.

    .venv/bin/python bench/intake.py [--seconds 20] [--workers 4] [--connections 32]

Needs ``wrk`` (Debian package ``wrk``; installed with apt-get when absent and allowed).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
LUA = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer %(key)s"
counter = 0
request = function()
  counter = counter + 1
  local body = string.format('{"channel":"api","text":"买的耳机左耳没有声音，申请退货三天了没人处理。第%%d次","customer":{"name":"王女士","phone":"13912345678"},"order":{"number":"JD-%%d","amount":"299.00"},"amount_claimed":"299.00"}', counter, counter)
  return wrk.format(nil, "/api/v1/complaints", nil, body)
end
done = function(summary, latency, requests)
  io.write(string.format("JSON {\\"requests\\": %%d, \\"seconds\\": %%f, \\"p50_ms\\": %%f, \\"p90_ms\\": %%f, \\"p99_ms\\": %%f, \\"non2xx\\": %%d, \\"socket_errors\\": %%d}\\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""
HEALTH_LUA = """
done = function(summary, latency, requests)
  io.write(string.format("JSON {\\"requests\\": %d, \\"seconds\\": %f, \\"p50_ms\\": %f, \\"p90_ms\\": %f, \\"p99_ms\\": %f, \\"non2xx\\": %d, \\"socket_errors\\": %d}\\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, capture_output=True)
    found = shutil.which("wrk")
    if not found:
        sys.exit("wrk is needed: apt-get install wrk")
    return found


def run_wrk(wrk: str, url: str, script: str, seconds: int, connections: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    out = subprocess.run(
        [
            wrk,
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            handle.name,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    os.unlink(handle.name)
    line = next(line for line in out.splitlines() if line.startswith("JSON "))
    result = json.loads(line[5:])
    result["per_second"] = round(result["requests"] / result["seconds"], 1)
    return result


def wait_until_up(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"server did not answer at {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    wrk = ensure_wrk()
    data_dir = tempfile.mkdtemp(prefix="cd-bench-intake-")
    env = {**os.environ, "COMPLAINTDESK_DATA_DIR": data_dir, "LOG_LEVEL": "ERROR"}
    env.setdefault("DJANGO_SETTINGS_MODULE", "complaintdesk.config.settings")
    cli = str(BIN / "complaintdesk")
    subprocess.run([cli, "migrate", "-v0"], env=env, check=True, capture_output=True)
    key = subprocess.run(
        [cli, "apikey", "create", "--name", "bench", "--role", "integration"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    log_path = Path(data_dir) / "server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [cli, "serve", "--workers", str(args.workers), "--access-logfile", "/dev/null"],
            env={**env, "BIND": f"127.0.0.1:{args.port}"},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{args.port}"
    try:
        wait_until_up(base + "/healthz")
        # Warm every worker (imports, model files, connections) before measuring.
        run_wrk(wrk, base + "/", LUA % {"key": key}, 3, args.connections)
        health = run_wrk(wrk, base + "/healthz", HEALTH_LUA, args.seconds, args.connections)
        intake = run_wrk(wrk, base + "/", LUA % {"key": key}, args.seconds, args.connections)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    locked = len(re.findall("database is locked", log_path.read_text(errors="replace")))
    print(
        json.dumps(
            {
                "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
                "database": "postgresql" if os.environ.get("DATABASE_URL") else "sqlite",
                "workers": args.workers,
                "connections": args.connections,
                "seconds": args.seconds,
                "health": health,
                "intake": intake,
                "intake_to_health_ratio": round(intake["per_second"] / health["per_second"], 3),
                "database_is_locked_errors": locked,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
