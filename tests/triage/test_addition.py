"""Measuring a batch of new training rows on the rows already there, before retraining."""

import numpy as np
import pytest

from complaintdesk.triage.nlp.addition import measure, paired_interval
from complaintdesk.triage.nlp.classifier import ClassifierConfig
from complaintdesk.triage.nlp.tuning import out_of_fold_scores

SLOW = ["快递三天了还没到", "骑手送错地址了", "物流一直不更新", "包裹压坏了"]
RUDE = ["客服态度很差", "打电话没人接", "客服一直不回复", "说好回电没回电"]
CRASH = ["软件一打开就闪退", "视频播放不了一直转圈", "登录不上系统报错", "课程回放加载失败"]


def _rows():
    texts, labels, groups = [], [], []
    for n in range(12):
        for label, phrases in (("logistics", SLOW), ("service", RUDE)):
            texts.append(f"{phrases[n % 4]}，订单{n}")
            labels.append(label)
            groups.append(f"{label}{n}")
    # Every technical row shares one group: the fold that scores them never trained on one.
    for n in range(8):
        texts.append(f"{CRASH[n % 4]}，订单{n}")
        labels.append("technical")
        groups.append("technical")
    return texts, labels, groups


def test_added_rows_are_trained_on_in_every_fold_and_scored_in_none():
    texts, labels, groups = _rows()
    config = ClassifierConfig(c=1.0)
    plain, classes = out_of_fold_scores("category", config, texts, labels, groups=groups)
    added = ([f"{CRASH[n % 4]}，单号{n}" for n in range(8)], ["technical"] * 8)
    more, more_classes = out_of_fold_scores(
        "category", config, texts, labels, groups=groups, added=added
    )
    assert classes == more_classes and plain.shape == more.shape == (len(texts), 3)
    technical = [i for i, label in enumerate(labels) if label == "technical"]
    # Without the added rows no model that scored a technical row had seen one.
    assert not any(classes[plain[i].argmax()] == "technical" for i in technical)
    assert all(classes[more[i].argmax()] == "technical" for i in technical)


def test_the_added_rows_may_hold_a_label_the_scored_rows_lack():
    texts, labels, groups = _rows()
    added = (["发票一直开不出来", "发票抬头错了", "要的发票没给"] * 2, ["billing"] * 6)
    scores, classes = out_of_fold_scores(
        "category", ClassifierConfig(), texts, labels, groups=groups, added=added
    )
    assert "billing" in classes and scores.shape == (len(texts), 4)


def test_the_paired_interval_is_a_point_when_nothing_changes_and_above_zero_for_a_clear_gain():
    truth = np.asarray(["a", "b"] * 50, dtype=object)
    half = truth.copy()
    half[::4] = "b"
    assert paired_interval(truth, half, half) == [0.0, 0.0]
    low, high = paired_interval(truth, half, truth)
    assert 0 < low <= high


def test_a_batch_file_without_rows_is_refused(tmp_path):
    empty = tmp_path / "complaints_written_9.csv"
    empty.write_text("id,text,category\n", encoding="utf-8")
    for batch in (empty, tmp_path / "missing.csv"):
        with pytest.raises(ValueError, match="holds no rows: name a CSV file of written"):
            measure("category", batch, rows=[])


def test_a_batch_among_the_training_rows_is_left_out_of_the_rows_it_is_measured_on(tmp_path):
    batch = tmp_path / "complaints_written_9.csv"
    header = "id,text,category\n"
    batch.write_text(header + "".join(f"b{n},软件打不开{n},technical\n" for n in range(6)), "utf-8")
    texts, labels, _groups = _rows()
    rows = [
        {"origin": origin, "text": text, "category": label, "written": "1", "group": f"g{n}"}
        for n, (text, label) in enumerate(zip(texts, labels, strict=True))
        for origin in (["complaints_written_4"] if n % 2 else ["complaints_written_9"])
    ]
    report = measure("category", batch, rows, folds=2)
    assert report["batch_rows"] == 6
    assert report["scored_rows"] == sum(r["origin"] == "complaints_written_4" for r in rows)


def test_a_batch_of_several_files_adds_them_all_and_leaves_each_out_of_the_scored_rows(tmp_path):
    first, second = tmp_path / "complaints_written_8.csv", tmp_path / "complaints_written_9.csv"
    header = "id,text,category\n"
    first.write_text(header + "".join(f"a{n},软件打不开{n},technical\n" for n in range(4)), "utf-8")
    second.write_text(header + "".join(f"b{n},系统报错{n},technical\n" for n in range(3)), "utf-8")
    texts, labels, _groups = _rows()
    origins = ("complaints_written_4", "complaints_written_8", "complaints_written_9")
    rows = [
        {"origin": origins[n % 3], "text": text, "category": label, "written": "1"}
        | {"group": f"g{n}"}
        for n, (text, label) in enumerate(zip(texts, labels, strict=True))
    ]
    report = measure("category", [first, second], rows, folds=2)
    assert report["batch"] == ["complaints_written_8.csv", "complaints_written_9.csv"]
    assert report["batch_rows"] == 7
    assert report["scored_rows"] == sum(r["origin"] == "complaints_written_4" for r in rows)


def test_a_batch_of_several_files_is_refused_when_one_holds_no_rows(tmp_path):
    full, empty = tmp_path / "complaints_written_8.csv", tmp_path / "complaints_written_9.csv"
    full.write_text("id,text,category\na1,软件打不开,technical\n", encoding="utf-8")
    empty.write_text("id,text,category\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"complaints_written_9\.csv holds no rows"):
        measure("category", [full, empty], rows=[])


def test_each_batch_held_out_is_scored_by_a_model_with_and_without_the_others(
    tmp_path, monkeypatch
):
    from complaintdesk.triage.nlp import addition

    header = "id,text,category\n"
    files = []
    for n, suffix in enumerate(("第{k}次了", "订单{k}")):
        path = tmp_path / f"unseen_complaints_{40 + n}.csv"
        body = "".join(
            f"x{n}{k},{CRASH[k % 4]}，{suffix.format(k=k)},technical\n" for k in range(6)
        )
        path.write_text(header + body, encoding="utf-8")
        files.append(path)
    texts, labels, _groups = _rows()
    rows = [
        {"origin": "complaints_written_4", "text": t, "category": c, "written": "1", "group": t}
        for t, c in zip(texts, labels, strict=True)
        if c != "technical"  # only the files teach technical
    ]

    class Shipped:
        category = type("M", (), {"config": ClassifierConfig(c=1.0, min_df=1)})()

    monkeypatch.setattr(addition, "default_models", lambda: Shipped)
    report = addition.held_out("category", files, rows)
    first, second = report["held_out"].values()
    assert first["rows"] == 6 and first["added_rows"] == 6
    # Without the other file no model knows technical; with it, each file is learnt.
    for held in (first, second):
        assert held["without"] == 0.0 and held["with"] == 1.0 and held["gain"] == 1.0
    assert report["mean_gain"] == 1.0


def test_holding_out_needs_two_batches_with_rows(tmp_path):
    from complaintdesk.triage.nlp.addition import held_out

    one = tmp_path / "complaints_written_8.csv"
    one.write_text("id,text,category\na1,软件打不开,technical\n", encoding="utf-8")
    empty = tmp_path / "complaints_written_9.csv"
    empty.write_text("id,text,category\n", encoding="utf-8")
    with pytest.raises(ValueError, match="name at least two batches"):
        held_out("category", [one], rows=[])
    with pytest.raises(ValueError, match=r"complaints_written_9\.csv holds no rows"):
        held_out("category", [one, empty], rows=[])
