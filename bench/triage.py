"""Triage benchmark: quality on the own labelled set and the shared corpora, and speed.

Quality of every field is printed on the frozen test split and on the unseen sets still
judging (``fieldscores.UNSEEN_SETS``: sets 3, 4, 13 and 14; the others were retired into
training), with the rules (as the pipeline runs) and with the models alone, and checked against
the targets of issue 16 (``own_set.unseen_3_targets`` and so on); none of these sets was used
for any choice.

    .venv/bin/python bench/triage.py           # full run (a few minutes on 2 cores)
    .venv/bin/python bench/triage.py --quick   # subsampled corpora, short speed runs
    .venv/bin/python bench/triage.py --part speed   # one part only (own_set, corpora, speed)

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

from complaintdesk.triage.nlp.benchmarks import (  # noqa: E402
    corpus_figures,
    own_set_figures,
    run_all,
    speed_figures,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="subsample corpora, short runs")
    parser.add_argument("--part", choices=("own_set", "corpora", "speed"), help="one part only")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.part == "own_set":
        figures = {"quick": args.quick, "own_set": own_set_figures()}
    elif args.part == "corpora":
        figures = {"quick": args.quick, "corpora": corpus_figures(args.quick)}
    elif args.part == "speed":
        figures = {"quick": args.quick, "speed": speed_figures(args.quick)}
    else:
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
