"""Triage benchmark: quality on the own labelled set and the shared corpora, and speed.

Quality of every field is printed on the frozen test split and on the unseen set, with the
rules (as the pipeline runs) and with the models alone, and checked against the targets of
issue 16 (``own_set.unseen_targets``); neither set was used for any choice.

    .venv/bin/python bench/triage.py           # full run (a few minutes on 2 cores)
    .venv/bin/python bench/triage.py --quick   # subsampled corpora, short speed runs

Prints one JSON document.  Runs on one core: BLAS threads are pinned to 1 before numpy loads.
Figures on ../shared/data are skipped, with the reason, when the folder is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from complaintdesk.triage.nlp.benchmarks import run_all  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="subsample corpora, short runs")
    args = parser.parse_args()
    started = time.perf_counter()
    figures = run_all(quick=args.quick)
    figures["machine"] = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
    }
    figures["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(figures, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
