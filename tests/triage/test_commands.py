"""``complaintdesk triage train|evaluate|predict`` on real files, and their refusals."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from complaintdesk.complaints.actors import actor_for_user
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.services import complaint_correct_triage
from complaintdesk.intake.services import IntakeRequest
from complaintdesk.lib.clock import utcnow
from complaintdesk.triage.active import active_dir, active_models
from complaintdesk.triage.nlp.corpora import training_rows
from complaintdesk.workflows.receive import receive

BOOKS = [
    "这本书印刷模糊错字多",
    "书页缺了好几页",
    "小说封面破损了",
    "教材内容和描述不符",
    "书的纸张很差",
]
PHONES = ["手机屏幕有坏点", "手机充不进电", "新手机一直死机", "手机摄像头模糊", "手机电池发烫"]
POSITIVE = [
    "味道很好送得很快",
    "分量足很好吃",
    "骑手很准时态度好",
    "包装精美口味不错",
    "下次还点这家",
]
NEGATIVE = [
    "太难吃了还很贵",
    "送了两个小时都凉了",
    "菜里有头发恶心",
    "分量少得可怜",
    "再也不点了很差",
]


def write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def run(capsys: Any, *args: str) -> dict[str, Any]:
    call_command("triage", *args)
    result: dict[str, Any] = json.loads(capsys.readouterr().out)
    return result


@pytest.fixture(autouse=True)
def data_dir(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


@pytest.fixture
def books(tmp_path: Path) -> Path:
    rows = [[t, "书籍"] for t in BOOKS] + [[t, "手机"] for t in PHONES]
    return write_csv(tmp_path / "shop.csv", ["review", "cat"], rows * 2)


@pytest.fixture
def polarity(tmp_path: Path) -> Path:
    rows = [[t, 1] for t in POSITIVE] + [[t, 0] for t in NEGATIVE]
    return write_xlsx(tmp_path / "waimai.xlsx", ["review", "label"], rows * 2)


def test_train_with_file_labels_needs_model_out_and_is_not_activated(
    books: Path, tmp_path: Path, capsys: Any, db: Any
) -> None:
    out = tmp_path / "models" / "shop.joblib"
    args = ["--data", str(books), "--text-column", "review", "--label-column", "cat"]
    report = run(
        capsys, "train", "--task", "category", *args, "--model-out", str(out), "--folds", "2"
    )
    assert report["labels"] == ["手机", "书籍"] or set(report["labels"]) == {"手机", "书籍"}
    assert report["activated"] is False
    assert report["metrics"]["cross_validated"]["folds"] == 2
    assert 0 <= report["metrics"]["cross_validated"]["macro_f1"] <= 1
    assert out.exists() and out.with_suffix(".json").exists()
    assert not (active_dir() / "manifest.json").exists()
    with pytest.raises(CommandError, match="not the category codes"):
        call_command("triage", "train", "--task", "category", *args)


def test_evaluate_and_predict_with_01_labels_from_excel(
    polarity: Path, tmp_path: Path, capsys: Any, db: Any
) -> None:
    model = tmp_path / "sentiment.joblib"
    common = ["--data", str(polarity), "--text-column", "review"]
    run(
        capsys,
        "train",
        "--task",
        "sentiment",
        *common,
        "--label-column",
        "label",
        "--model-out",
        str(model),
        "--folds",
        "2",
    )
    report = run(capsys, "evaluate", "--model", str(model), *common, "--label-column", "label")
    assert set(report["per_class"]) == {"0", "1"}
    assert report["accuracy"] >= 0.9 and report["macro_f1"] >= 0.9
    assert report["labels_in_file"] == {"0": 10, "1": 10}
    for name in ("out.csv", "out.xlsx"):
        target = tmp_path / name
        summary = run(capsys, "predict", "--model", str(model), *common, "--output", str(target))
        assert summary["rows"] == 20
    with (tmp_path / "out.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["review"] == POSITIVE[0] and rows[0]["prediction"] == "1"
    assert float(rows[0]["confidence"]) > 0.5
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    assert sheet is not None
    assert [c.value for c in sheet[1]][-3:] == ["prediction", "confidence", "explanation"]


def test_sentiment_0_1_model_is_activated_and_used(polarity: Path, capsys: Any, db: Any) -> None:
    args = ["--data", str(polarity), "--text-column", "review", "--label-column", "label"]
    report = run(capsys, "train", "--task", "sentiment", *args, "--folds", "2", "--force")
    assert report["activated"] is True
    manifest = json.loads((active_dir() / "manifest.json").read_text())
    assert manifest == {"sentiment": Path(report["active_model"]).name}
    assert active_models().versions == {"sentiment": report["version"]}


def test_activation_only_when_better_and_force(polarity: Path, capsys: Any, db: Any) -> None:
    args = ["--data", str(polarity), "--text-column", "review", "--label-column", "label"]
    first = run(capsys, "train", "--task", "sentiment", *args, "--folds", "2", "--force")
    # The same rows again: the candidate ties the active model, so it is not activated.
    second = run(capsys, "train", "--task", "sentiment", *args, "--folds", "2")
    assert second["activated"] is False and "does not beat" in second["decision"]
    assert active_models().versions["sentiment"] == first["version"]
    forced = run(capsys, "train", "--task", "sentiment", *args, "--folds", "2", "--force")
    assert forced["activated"] is True and forced["forced"] is True
    assert active_models().versions["sentiment"] == forced["version"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--data", "missing.csv", "--text-column", "review", "--label-column", "cat"],
            "no such file",
        ),
        (
            ["--data", "{books}", "--text-column", "body", "--label-column", "cat"],
            "'review', 'cat'",
        ),
        (["--data", "{books}", "--text-column", "review", "--label-column", "x"], "no column 'x'"),
        (["--data", "{tiny}", "--text-column", "review", "--label-column", "cat"], "at least 10"),
        (["--data", "{one}", "--text-column", "review", "--label-column", "cat"], "only one label"),
    ],
)
def test_train_refusals_write_nothing(
    args: list[str], message: str, books: Path, tmp_path: Path, db: Any
) -> None:
    tiny = write_csv(tmp_path / "tiny.csv", ["review", "cat"], [[t, "书籍"] for t in BOOKS[:2]])
    one = write_csv(tmp_path / "one.csv", ["review", "cat"], [[t, "书籍"] for t in BOOKS * 3])
    paths = {"{books}": str(books), "{tiny}": str(tiny), "{one}": str(one)}
    args = [paths.get(a, a) for a in args]
    out = tmp_path / "never.joblib"
    with pytest.raises(CommandError, match=message):
        call_command("triage", "train", "--task", "category", *args, "--model-out", str(out))
    assert not out.exists() and not list(tmp_path.glob(".partial-*"))


def test_history_without_corrections_is_refused(db: Any) -> None:
    with pytest.raises(CommandError, match="0 labelled rows"):
        call_command("triage", "train", "--task", "demand", "--folds", "2")
    with pytest.raises(CommandError, match="agents do not correct sentiment"):
        call_command("triage", "train", "--task", "sentiment")


def test_evaluate_and_predict_refusals(books: Path, tmp_path: Path, db: Any) -> None:
    with pytest.raises(CommandError, match="no such model file"):
        call_command(
            "triage",
            "evaluate",
            "--model",
            str(tmp_path / "x.joblib"),
            "--data",
            str(books),
            "--text-column",
            "review",
            "--label-column",
            "cat",
        )
    model = tmp_path / "m.joblib"
    call_command(
        "triage",
        "train",
        "--task",
        "category",
        "--data",
        str(books),
        "--text-column",
        "review",
        "--label-column",
        "cat",
        "--model-out",
        str(model),
        "--folds",
        "2",
    )
    with pytest.raises(CommandError, match="the file has: 'review', 'cat'"):
        call_command(
            "triage",
            "predict",
            "--model",
            str(model),
            "--data",
            str(books),
            "--text-column",
            "text",
            "--output",
            str(tmp_path / "p.csv"),
        )
    with pytest.raises(CommandError, match=r"\.csv or \.xlsx"):
        call_command(
            "triage",
            "predict",
            "--model",
            str(model),
            "--data",
            str(books),
            "--text-column",
            "review",
            "--output",
            str(tmp_path / "p.txt"),
        )
    assert not (tmp_path / "p.csv").exists() and not (tmp_path / "p.txt").exists()


def test_train_from_corrected_history(personas: Any, capsys: Any) -> None:
    agent = actor_for_user(personas["agent"].user)
    assert agent is not None
    texts = {
        "billing": [
            "会员自动续费扣了我三次钱",
            "同一个订单被重复扣款",
            "没同意就扣了年费",
            "多收了配送费",
        ],
        "logistics": [
            "包裹卡在中转站一周",
            "快递显示签收但没收到",
            "物流信息五天没更新",
            "快递员不送货上门",
        ],
        "service": [
            "客服态度恶劣直接挂电话",
            "客服一直机器人回复",
            "投诉了三次客服没人理",
            "客服骂人",
        ],
    }
    for value, items in texts.items():
        for text in items:
            request = IntakeRequest(channel="api", text=text, received_at=utcnow())
            complaint = receive(request=request, actor=None).complaint
            complaint.refresh_from_db()
            if complaint.category != value:
                complaint_correct_triage(
                    complaint=complaint, actor=agent, field="category", value=value, reason="核对"
                )
            else:
                Complaint.objects.filter(pk=complaint.pk).update(
                    triage={**complaint.triage, "category": {"value": value, "source": "agent"}}
                )
    report = run(capsys, "train", "--task", "category", "--folds", "2")
    # The labelled set's train split, the written complaints and the 12 agent rows.
    assert report["rows"] == len(training_rows()) + 12
    assert report["metrics"]["holdout"]["n"] == 3
    assert report["metrics"]["holdout"]["active"] is not None
    assert report["activated"] == (active_dir() / "manifest.json").exists()
