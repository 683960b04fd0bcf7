"""complaintdesk's intake beside django-helpdesk's ticket API, interleaved in one run.

Serves three targets with gunicorn (2 sync workers each, SQLite in WAL mode, fresh databases):

- ``ours``: complaintdesk, ``POST /api/v1/complaints`` with a bearer key (triage at intake on);
- ``ours-no-triage``: the same with ``TRIAGE_AT_INTAKE=0``;
- ``peer``: django-helpdesk 2.6.1 from PyPI in its own virtualenv (``var/bench-peer/``, reused
  when it holds the right versions), a generated minimal project, ``POST /api/tickets/`` with
  DRF token auth and a bare ticket (queue, title, description).

Each target is checked with one request first, warmed, then measured with ``wrk`` (32
connections) in N rounds, one target after the other, the order rotating each round. After
each measurement the rows created in that target's database are counted: every response wrk
counted as a success must have created a row, otherwise the run fails.

    PYTHONPATH=$PWD .venv/bin/python bench/peer.py [--seconds 15] [--rounds 3] [--json out.json]

Needs ``wrk`` (Debian package ``wrk``) and network access to PyPI the first time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from peer_helpdesk import (
    PEER_VERSION,
    WORKERS,
    Helpdesk,
    ensure_peer_venv,
)
from serving import (
    ROOT,
    Complaintdesk,
    ensure_wrk,
    post_json,
    run_wrk,
    wrk_version,
)

# What customers write to an online shop or course platform: (title, text, amount).
COMPLAINTS = [
    (
        "耳机左耳没声音",
        "买的耳机左耳没有声音，申请退货三天了没人处理，客服一直说在核实。",
        "299.00",
    ),
    (
        "快递一周未到",
        "订单显示已发货一周了，物流信息一直停在转运中心，打电话给快递也没人接。",
        "158.00",
    ),
    (
        "收到的衣服有破洞",
        "收到的羽绒服袖口有一个破洞，拍照发给客服后说要我自己承担运费退回，不合理。",
        "699.00",
    ),
    (
        "重复扣款",
        "同一笔订单付款时被扣了两次钱，银行流水可以证明，请尽快把多扣的钱退回来。",
        "86.50",
    ),
    (
        "课程退费不处理",
        "报名的英语网课只上了三节，老师换了好几次，申请退剩下的课时费一个月没有回复。",
        "3280.00",
    ),
    (
        "客服态度恶劣",
        "打客服电话询问退款进度，客服态度非常差，直接挂断电话，要求投诉这个客服。",
        "0.00",
    ),
    (
        "商品与描述不符",
        "页面写的是纯棉，收到后标签是涤纶混纺，明显虚假宣传，要求退一赔三。",
        "129.00",
    ),
    ("生鲜变质", "买的车厘子到货时已经发霉变软，一大半不能吃，申请部分退款被拒绝。", "218.00"),
    (
        "会员自动续费",
        "没有提醒就自动续费了年度会员，我根本没有开通自动续费，要求退回费用。",
        "248.00",
    ),
    (
        "家电安装收费",
        "购买空调时说免费安装，师傅上门却收了三百多元材料费，没有任何收费凭证。",
        "320.00",
    ),
    ("优惠券无法使用", "活动页面领的满减券结算时提示不可用，客服说是系统问题但不给补偿。", "50.00"),
    (
        "手机屏幕碎裂",
        "新买的手机拆开包装屏幕就是碎的，快递员没让验货就走了，商家说是运输问题不管。",
        "4599.00",
    ),
    ("发票迟迟不开", "订单完成一个多月了，申请的增值税发票一直没有开，公司报销等着用。", "1288.00"),
    ("预约上门未到", "预约了周六上午维修洗衣机，等了一整天师傅没来，也没有人通知改期。", "0.00"),
    (
        "退款金额不对",
        "退货成功后只退了一部分钱，说扣除了运费险和包装费，下单时没有说明。",
        "399.00",
    ),
    (
        "个人信息泄露",
        "在你们平台下单后就接到很多推销电话，对方能说出我的订单信息，怀疑信息泄露。",
        "0.00",
    ),
]
CUSTOMERS = [
    ("王女士", "13912345678"),
    ("李先生", "13800138000"),
    ("张女士", "18612345678"),
    ("刘先生", "15900001111"),
    ("陈女士", "13700002222"),
    ("赵先生", "18800003333"),
]


def ours_bodies() -> list[dict]:
    bodies = []
    for index, (_title, text, amount) in enumerate(COMPLAINTS):
        name, phone = CUSTOMERS[index % len(CUSTOMERS)]
        bodies.append(
            {
                "channel": "api",
                "text": text,
                "customer": {"name": name, "phone": phone},
                "order": {"number": "JD-__ID__", "amount": amount},
                "amount_claimed": amount,
            }
        )
    return bodies


def peer_bodies(queue: int) -> list[dict]:
    # 2.6.1 hands API tickets to its TicketForm, which requires a priority (3 = normal).
    return [
        {"queue": queue, "title": title, "description": text, "priority": 3}
        for title, text, _ in COMPLAINTS
    ]


def lua_script(path: str, authorization: str, bodies: list[dict], tag: str) -> str:
    """wrk script POSTing the bodies in turn; ``__ID__`` becomes tag-thread-counter."""
    literals = ",\n  ".join(
        "[==[" + json.dumps(body, ensure_ascii=False, separators=(",", ":")) + "]==]"
        for body in bodies
    )
    return textwrap.dedent("""
        local bodies = {
          %(literals)s
        }
        local threads = 0
        setup = function(thread)
          threads = threads + 1
          thread:set("tid", threads)
        end
        local headers = {["Content-Type"] = "application/json", ["Authorization"] = "%(auth)s"}
        local counter = 0
        request = function()
          counter = counter + 1
          local id = "%(tag)s-" .. tid .. "-" .. counter
          local body = (string.gsub(bodies[(counter + tid) %% #bodies + 1], "__ID__", id))
          return wrk.format("POST", "%(path)s", headers, body)
        end
    """) % {"literals": literals, "auth": authorization, "tag": tag, "path": path}


# ----------------------------------------------------------------------------- the peer

@dataclass
class Target:
    name: str
    label: str
    server: Complaintdesk | Helpdesk
    path: str
    authorization: str
    bodies: list[dict]
    rows: Callable[[], int]
    rounds: list[dict] = field(default_factory=list)

    def script(self, tag: str) -> str:
        return lua_script(self.path, self.authorization, self.bodies, tag)

    def settle(self, quiet: float = 0.5, limit: float = 15) -> int:
        """Wait until requests still in flight when wrk stopped are done; the row count then.

        Keeps the backlog of one target from taking CPU during the next one's measurement.
        """
        count, deadline = self.rows(), time.monotonic() + limit
        while time.monotonic() < deadline:
            time.sleep(quiet)
            now = self.rows()
            if now == count:
                break
            count = now
        return count

    def check(self) -> None:
        """One request before any load: it must succeed and create exactly one row."""
        before = self.rows()
        body = json.loads(json.dumps(self.bodies[0]).replace("__ID__", "check"))
        status, text = post_json(
            self.server.base + self.path, body, {"Authorization": self.authorization}
        )
        after = self.rows()
        if not 200 <= status < 300 or after != before + 1:
            sys.exit(
                f"{self.name}: check request got {status} and {after - before} new rows:\n{text[:800]}"
            )


def machine() -> dict[str, str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": model,
        "cores": str(os.cpu_count()),
        "system": f"{platform.system()} {platform.release()} {platform.machine()}",
    }


def our_versions() -> dict[str, str]:
    rev = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "complaintdesk": f"{metadata.version('complaintdesk')} ({rev or 'no git'})",
        "Django": metadata.version("Django"),
        "gunicorn": metadata.version("gunicorn"),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
    }


def summarize(target: Target) -> dict:
    rounds = target.rounds
    return {
        "per_second_median": statistics.median(r["per_second"] for r in rounds),
        "p50_ms_median": statistics.median(r["p50_ms"] for r in rounds),
        "p99_ms_median": statistics.median(r["p99_ms"] for r in rounds),
        "requests": sum(r["requests"] for r in rounds),
        "non2xx": sum(r["non2xx"] for r in rounds),
        "socket_errors": sum(r["socket_errors"] for r in rounds),
        "rows_created": sum(r["rows_created"] for r in rounds),
        "database_is_locked": target.server.locked_errors(),
        "rounds": rounds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=15, help="length of each measurement")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=3, help="seconds of load before round 1")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--json", metavar="FILE", help="also write the full results here")
    parser.add_argument("--keep", action="store_true", help="keep the data directories and logs")
    args = parser.parse_args()

    wrk = ensure_wrk()
    peer_env = ensure_peer_venv()

    ours = Complaintdesk(workers=WORKERS)
    bare = Complaintdesk(workers=WORKERS, extra_env={"TRIAGE_AT_INTAKE": "0"})
    peer = Helpdesk()
    servers: list[Complaintdesk | Helpdesk] = []
    try:
        for server in (ours, bare, peer):
            servers.append(server.start())
        targets = [
            Target(
                "ours",
                "complaintdesk, triage at intake",
                ours,
                "/api/v1/complaints",
                f"Bearer {ours.key}",
                ours_bodies(),
                ours.complaints,
            ),
            Target(
                "ours-no-triage",
                "complaintdesk, TRIAGE_AT_INTAKE=0",
                bare,
                "/api/v1/complaints",
                f"Bearer {bare.key}",
                ours_bodies(),
                bare.complaints,
            ),
            Target(
                "peer",
                f"django-helpdesk {PEER_VERSION}",
                peer,
                "/api/tickets/",
                f"Token {peer.token}",
                peer_bodies(peer.queue),
                peer.tickets,
            ),
        ]
        for target in targets:
            target.check()
            run_wrk(wrk, target.server.base, target.script("warm"), args.warmup, args.connections)
            target.settle()
        for number in range(args.rounds):
            order = targets[number % 3 :] + targets[: number % 3]
            for target in order:
                before = target.rows()
                result = run_wrk(
                    wrk,
                    target.server.base,
                    target.script(f"r{number}"),
                    args.seconds,
                    args.connections,
                )
                result["rows_created"] = target.settle() - before
                result["round"] = number + 1
                target.rounds.append(result)
                print(
                    f"round {number + 1} {target.name:15} {result['per_second']:8.1f}/s "
                    f"p50 {result['p50_ms']:7.1f} ms  p99 {result['p99_ms']:7.1f} ms  "
                    f"non-2xx {result['non2xx']}  socket errors {result['socket_errors']}  "
                    f"rows +{result['rows_created']}",
                    file=sys.stderr,
                )
    except BaseException:
        for server in (ours, bare, peer):
            print(f"data and server log kept in {server.data_dir}", file=sys.stderr)
        raise
    finally:
        for server in servers:
            server.stop()

    summary = {t.name: summarize(t) for t in targets}
    peer_rate = summary["peer"]["per_second_median"]
    ratio = round(summary["ours"]["per_second_median"] / peer_rate, 2)
    ratio_bare = round(summary["ours-no-triage"]["per_second_median"] / peer_rate, 2)
    report = {
        "machine": machine(),
        "versions": {"ours": our_versions(), "peer": peer_env, "wrk": wrk_version(wrk)},
        "settings": {
            "workers": WORKERS,
            "connections": args.connections,
            "seconds": args.seconds,
            "rounds": args.rounds,
            "warmup": args.warmup,
        },
        "targets": {t.name: t.label for t in targets},
        "results": summary,
        "ours_to_peer_ratio": ratio,
        "ours_no_triage_to_peer_ratio": ratio_bare,
    }
    print_table(report)
    for server in servers:
        if args.keep:
            print(f"kept {server.data_dir}", file=sys.stderr)
        else:
            shutil.rmtree(server.data_dir, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False))

    # Every response wrk counted as a success must have created a row.
    failed = [
        f"{name}: {s['requests'] - s['non2xx']} successes but {s['rows_created']} rows"
        for name, s in summary.items()
        if s["rows_created"] < s["requests"] - s["non2xx"]
    ] + [f"{name}: {s['non2xx']} non-2xx responses" for name, s in summary.items() if s["non2xx"]]
    if failed:
        sys.exit("INVALID RUN: " + "; ".join(failed))


def print_table(report: dict) -> None:
    m, v = report["machine"], report["versions"]
    s = report["settings"]
    print(f"machine: {m['cpu']}, {m['cores']} cores, {m['system']}")
    print("ours:    " + ", ".join(f"{k} {val}" for k, val in v["ours"].items()))
    print("peer:    " + ", ".join(f"{k} {val}" for k, val in v["peer"].items()))
    print(
        f"load:    {v['wrk']}; {s['connections']} connections, {s['seconds']} s x "
        f"{s['rounds']} rounds, gunicorn {s['workers']} sync workers each, SQLite WAL"
    )
    print()
    header = f"| {'target':35} | req/s (median) | p50 ms | p99 ms | requests | non-2xx | socket err | rows created | db locked |"
    print(header)
    print("|" + "|".join("-" * (len(cell)) for cell in header.split("|")[1:-1]) + "|")
    for name, result in report["results"].items():
        print(
            f"| {report['targets'][name]:35} | {result['per_second_median']:14.1f} | "
            f"{result['p50_ms_median']:6.1f} | {result['p99_ms_median']:6.1f} | "
            f"{result['requests']:8} | {result['non2xx']:7} | {result['socket_errors']:10} | "
            f"{result['rows_created']:12} | {result['database_is_locked']:9} |"
        )
    print()
    print(f"ours (with triage) / peer, requests/s: {report['ours_to_peer_ratio']}")
    print(f"ours (TRIAGE_AT_INTAKE=0) / peer, requests/s: {report['ours_no_triage_to_peer_ratio']}")


if __name__ == "__main__":
    main()
