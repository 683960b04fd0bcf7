"""Evaluation output shape and reading labelled CSV / Excel files."""

import json

import openpyxl

from complaintdesk.triage.nlp.classifier import ClassifierConfig, TextClassifier
from complaintdesk.triage.nlp.evaluate import (
    cross_validate,
    evaluate_model,
    read_labelled,
    score_labels,
)


def test_score_labels_shape():
    scores = score_labels(["a", "a", "b"], ["a", "b", "b"])
    assert set(scores) == {"n", "accuracy", "macro_f1", "per_class"}
    assert scores["per_class"]["a"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "support": 2}
    json.dumps(scores)


def test_held_out_and_cross_validation_are_json_able(toy):
    model = TextClassifier("c", ClassifierConfig(min_df=1)).fit(*toy)
    held_out = evaluate_model(model, *toy)
    assert held_out["accuracy"] > 0.9
    cv = cross_validate(lambda: TextClassifier("c", ClassifierConfig(min_df=1)), *toy, folds=2)
    assert {"folds", "accuracy", "macro_f1", "macro_f1_std", "per_class"} <= set(cv)
    assert set(cv["per_class"]) == {"billing", "logistics", "service"}
    json.dumps(cv)


def test_read_csv_keeps_labels_as_strings(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("\ufeffreview,label\n好吃,1\n太慢了,0\n,1\n", encoding="utf-8")
    assert read_labelled(path, text_column="review", label_column="label") == (
        ["好吃", "太慢了"],
        ["1", "0"],
    )


def test_read_excel_turns_numbers_and_chinese_labels_into_strings(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["text", "label"])
    sheet.append(["书不错", 1])
    sheet.append(["屏幕坏了", 0.0])
    sheet.append(["太甜了", "水果"])
    path = tmp_path / "rows.xlsx"
    workbook.save(path)
    texts, labels = read_labelled(path, text_column="text", label_column="label")
    assert texts == ["书不错", "屏幕坏了", "太甜了"]
    assert labels == ["1", "0", "水果"]
