"""``complaintdesk triage train|evaluate|predict``: the learning loop.

Every subcommand prints JSON. Refusals (missing file or column, too few rows or labels) exit
with status 1 and write nothing: models and prediction files are written under a temporary name
and moved into place only when complete.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

import openpyxl
from django.core.management.base import BaseCommand, CommandError

from complaintdesk.triage.learning import (
    TRAIN_TASKS,
    TrainingError,
    labelled_from_file,
    labelled_from_history,
    labels_seen,
    model_load,
    rows_from_file,
    train_task,
)
from complaintdesk.triage.nlp.evaluate import cell_to_str
from complaintdesk.triage.nlp.training import evaluate, predict


class Command(BaseCommand):
    help = "Train, evaluate and apply triage models."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        train = sub.add_parser(
            "train", help="Train a model; activate it if it beats the active one."
        )
        train.add_argument("--task", required=True, choices=TRAIN_TASKS)
        train.add_argument("--data", type=Path, help="CSV or .xlsx; without it: corrected history")
        train.add_argument("--text-column", default="text")
        train.add_argument("--label-column")
        train.add_argument("--model-out", type=Path)
        train.add_argument("--folds", type=int, default=5, help="cross-validation folds (>= 2)")
        train.add_argument("--force", action="store_true", help="activate even if not better")
        evaluate_cmd = sub.add_parser("evaluate", help="Score a model on a labelled file.")
        predict_cmd = sub.add_parser("predict", help="Write a model's predictions for a file.")
        for command in (evaluate_cmd, predict_cmd):
            command.add_argument("--model", type=Path, required=True)
            command.add_argument("--data", type=Path, required=True)
            command.add_argument("--text-column", required=True)
        evaluate_cmd.add_argument("--label-column", required=True)
        predict_cmd.add_argument("--output", type=Path, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            report = getattr(self, f"_{action}")(options)
        except TrainingError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))

    def _train(self, options: dict[str, Any]) -> dict[str, Any]:
        if options["folds"] < 2:
            raise TrainingError("--folds must be at least 2")
        data: Path | None = options["data"]
        if data is not None:
            if not options["label_column"]:
                raise TrainingError("--data needs --label-column")
            rows = labelled_from_file(
                data, text_column=options["text_column"], label_column=options["label_column"]
            )
        else:
            rows = labelled_from_history(options["task"])
        return train_task(
            task=options["task"],
            rows=rows,
            with_base=data is None,
            folds=options["folds"],
            force=options["force"],
            model_out=options["model_out"],
        )

    def _evaluate(self, options: dict[str, Any]) -> dict[str, Any]:
        model = model_load(options["model"])
        rows = labelled_from_file(
            options["data"],
            text_column=options["text_column"],
            label_column=options["label_column"],
        )
        if not rows.texts:
            raise TrainingError(f"{options['data']}: no rows with both a text and a label")
        report = evaluate(model, rows.texts, rows.labels)
        unknown = sorted(set(rows.labels) - set(model.labels))
        return {
            "model": str(options["model"]),
            "task": model.task,
            "version": model.info.version,
            "labels_in_file": labels_seen(rows.labels),
            "labels_the_model_does_not_know": unknown,
            **report,
        }

    def _predict(self, options: dict[str, Any]) -> dict[str, Any]:
        model = model_load(options["model"])
        output: Path = options["output"]
        if output.suffix.lower() not in (".csv", ".xlsx"):
            raise TrainingError(f"{output}: the output must end in .csv or .xlsx")
        column = options["text_column"]
        rows = rows_from_file(options["data"], text_column=column, label_column=None)
        texts = [cell_to_str(row[column]) for row in rows]
        predictions = predict(model, texts, explain=3)
        header = [
            *(rows[0].keys() if rows else [column]),
            "prediction",
            "confidence",
            "explanation",
        ]
        table = [
            [
                *(cell_to_str(v) for v in row.values()),
                p.label,
                round(p.confidence, 4),
                " ".join(p.explanation_terms),
            ]
            for row, p in zip(rows, predictions, strict=True)
        ]
        write_table(output, header, table)
        return {
            "output": str(output),
            "rows": len(table),
            "labels": labels_seen([p.label for p in predictions]),
        }

def write_table(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    """Write a CSV or .xlsx file under a temporary name, then move it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=".partial-", suffix=path.suffix)
    os.close(handle)
    try:
        if path.suffix.lower() == ".xlsx":
            workbook = openpyxl.Workbook()
            sheet = workbook.active
            assert sheet is not None
            sheet.append(header)
            for row in rows:
                sheet.append(row)
            workbook.save(temp_name)
        else:
            with open(temp_name, "w", encoding="utf-8-sig", newline="") as out:
                writer = csv.writer(out)
                writer.writerow(header)
                writer.writerows(rows)
        os.replace(temp_name, path)
    finally:
        Path(temp_name).unlink(missing_ok=True)
