"""Folds by group, group and file lists, and grouped cross-validation from the command line."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from reportmine.cli import main
from reportmine.errors import ReportmineError
from reportmine.evaluate.crossval import group_folds, read_file_list, read_groups, source_group


def test_every_group_is_tested_once_by_a_model_of_the_others():
    items = list(range(10))
    folds = list(group_folds(items, lambda x: "even" if x % 2 == 0 else "odd"))
    assert [g for g, _, _ in folds] == ["even", "odd"]
    for group, train, test in folds:
        assert sorted(train + test) == items and not set(train) & set(test)
        assert {("even" if x % 2 == 0 else "odd") for x in test} == {group}
    with pytest.raises(ValueError, match="two groups"):
        list(group_folds(items, lambda x: "one"))


@pytest.mark.parametrize("content, expected", [
    ("# comment\nfile\tgroup\na.txt\tlists\nb.txt\tsummaries\n", {"a.txt": "lists", "b.txt": "summaries"}),
    ("file\ttheme\tgroup\na.txt\tx\tlists\n", {"a.txt": "lists"}),
])
def test_groups_are_read_from_a_tsv(tmp_path, content, expected):
    path = tmp_path / "groups.tsv"
    path.write_text(content, encoding="utf-8")
    assert read_groups(path) == expected


def test_a_groups_file_without_its_columns_is_refused_naming_it(tmp_path):
    path = tmp_path / "groups.tsv"
    path.write_text("name\ttheme\na.txt\tx\n", encoding="utf-8")
    with pytest.raises(ReportmineError, match="groups.tsv"):
        read_groups(path)


@pytest.mark.parametrize("content, expected", [
    ("a.txt\nb.txt\n", {"a.txt", "b.txt"}),
    ("# held out\nfile\ttheme\na.txt\tx\nb.txt\ty\n", {"a.txt", "b.txt"}),
])
def test_file_lists_are_plain_lines_or_a_file_column(tmp_path, content, expected):
    path = tmp_path / "list"
    path.write_text(content, encoding="utf-8")
    assert read_file_list(path) == expected


def test_unlisted_texts_are_grouped_by_their_folder():
    group_of = source_group({"101.txt": "lists"})
    listed = SimpleNamespace(source="x/train/101.txt", gold={"file": "101.txt"})
    gold_only = SimpleNamespace(source="x/dev/gold/003.json", gold=None)
    plain = SimpleNamespace(source="x/dev/003.txt", gold={"file": "003.txt"})
    assert [group_of(listed), group_of(gold_only), group_of(plain)] == ["lists", "dev", "dev"]


SENTENCES = ["沧州市总工会开展“巾帼心向党”联谊活动。", "唐山市总工会举办职工技能大赛。", "秦皇岛市总工会女职工委员会召开会议。",
             "廊坊市总工会慰问困难职工。", "保定市总工会开展“会聚良缘”活动。", "邯郸市总工会表彰劳动模范。"]


def test_cli_cross_validates_by_group_and_excludes_texts_from_training(tmp_path):
    data = tmp_path / "tasks.jsonl"
    lines = []
    for text in SENTENCES:
        end = text.index("总工会") + 3
        lines.append(json.dumps({"text": text, "label": [[0, end, "ORG"]]}, ensure_ascii=False))
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    groups = tmp_path / "groups.tsv"  # Doccano tasks are named by line: tasks.jsonl:N
    groups.write_text("file\tgroup\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["evaluate", str(data), "--groups", str(groups), "--json"])
    assert result.exit_code != 0 and "two groups" in result.output  # one folder: one group

    result = runner.invoke(main, ["evaluate", str(data), "--folds", "2", "--groups", str(groups)])
    assert result.exit_code != 0 and "exclude each other" in result.output

    excluded = tmp_path / "held.txt"
    excluded.write_text("tasks.jsonl\n", encoding="utf-8")
    result = runner.invoke(main, ["train", str(data), "--out", str(tmp_path / "m"), "--exclude", str(excluded),
                                  "--from-scratch"])
    assert result.exit_code != 0 and "6 texts excluded" in result.output and "at least two" in result.output


def test_cli_cross_validation_by_folder_reports_records_per_group_and_system(tmp_path):
    for folder, texts in (("a", SENTENCES[:3]), ("b", SENTENCES[3:])):
        (tmp_path / folder / "gold").mkdir(parents=True)
        for i, text in enumerate(texts):
            (tmp_path / folder / f"{i}.txt").write_text(text, encoding="utf-8")
            gold = {"file": f"{i}.txt", "orgs": [{"text": text[:text.index("总工会") + 3]}], "programmes": [],
                    "figures": [], "awardees": []}
            (tmp_path / folder / "gold" / f"{i}.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    groups = tmp_path / "groups.tsv"
    groups.write_text("file\tgroup\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(tmp_path / "a"), str(tmp_path / "b"), "--groups", str(groups),
                                       "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output[result.output.index("{"):])
    assert set(out["groups"]) == {"a", "b"}
    assert set(out["records"]) == {"rules", "model", "combined"}
    rules = out["records"]["rules"]
    assert rules["documents_scored"] == 6 and rules["org"]["tp"] + rules["org"]["fn"] == 6 and rules["org"]["tp"] >= 4
