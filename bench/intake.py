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

from serving import Complaintdesk, ensure_wrk, run_wrk

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
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    wrk = ensure_wrk()
    server = Complaintdesk(workers=args.workers, port=args.port).start()
    base = server.base
    try:
        # Warm every worker (imports, model files, connections) before measuring.
        run_wrk(wrk, base + "/", LUA % {"key": server.key}, 3, args.connections)
        health = run_wrk(wrk, base + "/healthz", "", args.seconds, args.connections)
        intake = run_wrk(wrk, base + "/", LUA % {"key": server.key}, args.seconds, args.connections)
    finally:
        server.stop()
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
                "database_is_locked_errors": server.locked_errors(),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
