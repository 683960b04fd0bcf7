"""Triage speed of this checkout against another one, interleaved on the same machine.

The machine is shared and noisy, so a speed figure alone says little: this runs the triage
pipeline of this checkout and of another checkout (e.g. a git worktree of an earlier commit,
with that commit's code and shipped models) in turns, each reading in a fresh process, and
prints the medians of each and their ratio.

    git worktree add /tmp/triage-base 0123742
    .venv/bin/python bench/triage_speed.py --against /tmp/triage-base --rounds 3

Each reading: 2,000 single complaints (``triage_text``; wall and CPU p99), then one batch
(``triage_texts``; per wall second and per CPU second) of the other 4,158 complaints, BLAS
pinned to one thread. The texts are the 6,158 distinct texts of ``benchmarks.SPEED_FILES``
(the own labelled set, the written complaints, retired unseen sets 1 and 2), read from this
checkout and given to both, so no complaint is triaged twice and no per-text cache answers
for it; the first calls, which load the segmenter and build the analyzers, are made on two
other texts (``benchmarks.WARM_UP``) before the clock starts. Prints one JSON document.

The machine's speed moves from one minute to the next, so the readings scatter. With
``--instructions`` the bench counts instead the instructions that a batch of 2,500 of those
4,158 complaints executes, under valgrind's callgrind (the same count every run, whatever else
the machine does): each checkout runs twice, loading its models and triaging nothing, then
loading and triaging the batch, and the difference is the batch's. About 7 minutes a run, two
at a time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from complaintdesk.triage.nlp.benchmarks import WARM_UP, speed_texts

HERE = Path(__file__).resolve().parents[1]
# Both kinds of run load the checkout's models and warm them up on one complaint first.
LOADED = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
import numpy as np
from complaintdesk.triage.nlp.pipeline import default_models, triage_text, triage_texts
with open(sys.argv[2], encoding="utf-8") as handle:
    given = json.load(handle)
texts, warm_up = given["texts"], given["warm_up"]
models = default_models()
triage_text(warm_up[0], models=models)
triage_texts(warm_up, models=models)
"""
READING = (
    LOADED
    + """wall, cpu = [], []
for text in texts[:2000]:
    w, c = time.perf_counter(), time.process_time()
    triage_text(text, models=models)
    cpu.append(time.process_time() - c)
    wall.append(time.perf_counter() - w)
batch = texts[2000:]
w, c = time.perf_counter(), time.process_time()
triage_texts(batch, models=models)
w, c = time.perf_counter() - w, time.process_time() - c
print(json.dumps({
    "single_ms_p99": float(np.percentile(wall, 99)) * 1000,
    "single_cpu_ms_p99": float(np.percentile(cpu, 99)) * 1000,
    "batch_per_second": len(batch) / w,
    "batch_per_cpu_second": len(batch) / c,
}))
"""
)
COUNTED = (
    LOADED
    + """
n = int(sys.argv[3])
if n:
    triage_texts(texts[2000 : 2000 + n], models=models)
"""
)
COUNTED_BATCH = 2500
CALLGRIND = ("valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null")
FIGURES = ("single_ms_p99", "single_cpu_ms_p99", "batch_per_second", "batch_per_cpu_second")


def reading(checkout: Path, texts: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", READING, str(checkout), str(texts)],
        cwd=checkout,
        env=_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }


def instructions(checkout: Path, texts: Path) -> dict[str, float]:
    """Instructions of a batch of :data:`COUNTED_BATCH` complaints (callgrind, two runs)."""
    runs = {
        n: subprocess.Popen(
            [*CALLGRIND, sys.executable, "-c", COUNTED, str(checkout), str(texts), str(n)],
            cwd=checkout,
            env=_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in (0, COUNTED_BATCH)
    }
    counted = {}
    for n, run in runs.items():
        _out, err = run.communicate()
        found = re.search(r"Collected : (\d+)", err)
        if run.returncode or found is None:
            raise RuntimeError(f"callgrind run failed for {checkout}: {err[-500:]}")
        counted[n] = int(found.group(1))
    batch = counted[COUNTED_BATCH] - counted[0]
    return {"batch_instructions": batch, "instructions_per_complaint": batch / COUNTED_BATCH}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", type=Path, required=True, help="the other checkout")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions under callgrind instead"
    )
    args = parser.parse_args()
    checkouts = {"this": HERE, "against": args.against.resolve()}
    # Both checkouts triage the same texts, this checkout's choice (their training rows differ).
    with tempfile.TemporaryDirectory() as folder:
        texts = Path(folder) / "texts.json"
        given = {"texts": speed_texts(), "warm_up": list(WARM_UP)}
        texts.write_text(json.dumps(given, ensure_ascii=False), encoding="utf-8")
        _run(args, checkouts, texts)


def _run(args: argparse.Namespace, checkouts: dict[str, Path], texts: Path) -> None:
    if args.instructions:
        counts = {name: instructions(checkout, texts) for name, checkout in checkouts.items()}
        ratio = counts["this"]["batch_instructions"] / counts["against"]["batch_instructions"]
        print(
            json.dumps(
                {
                    "this": str(HERE),
                    "against": str(checkouts["against"]),
                    "batch": COUNTED_BATCH,
                    "counts": counts,
                    "this_over_against": round(ratio, 4),
                },
                indent=2,
            )
        )
        return
    readings: dict[str, list[dict[str, float]]] = {name: [] for name in checkouts}
    for _ in range(args.rounds):
        for name, checkout in checkouts.items():
            readings[name].append(reading(checkout, texts))
    medians = {
        name: {f: round(statistics.median(r[f] for r in rows), 2) for f in FIGURES}
        for name, rows in readings.items()
    }
    print(
        json.dumps(
            {
                "this": str(HERE),
                "against": str(checkouts["against"]),
                "rounds": args.rounds,
                "medians": medians,
                "this_over_against": {
                    f: round(medians["this"][f] / medians["against"][f], 3) for f in FIGURES
                },
                "readings": readings,
                "load_average_1min": round(os.getloadavg()[0], 2),
                "machine": {
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                    "cpus": os.cpu_count(),
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
