"""Bad input stops every command with one message: the file, the line, what was expected and
what was found; no traceback, nothing built. Five broken copies of the seed, each in its
own copy of the repository, against every command that reads the seed."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import copy_repository, make_in, run_in

from tianyuan import cli
from tianyuan.errors import InputError
from tianyuan.paths import ROOT, SEED_PATH
from tianyuan.text.article import ArticleError, read_article

SEED = SEED_PATH.relative_to(SEED_PATH.parents[1]).as_posix()  # seeds/<name>.txt


def _without_line(text: bytes, line: str) -> bytes:
    lines = text.split(b"\n")
    assert line.encode() in lines
    return b"\n".join(x for x in lines if x != line.encode())


def _re_encoded_line(raw: bytes, n: int) -> bytes:
    lines = raw.split(b"\n")
    lines[n - 1] = lines[n - 1].decode("utf-8").encode("gb18030")
    return b"\n".join(lines)


def _truncated(raw: bytes) -> bytes:
    """The first half of the file, cut at the end of a line (as a download cut short)."""
    return raw[: raw.rindex(b"\n", 0, len(raw) // 2) + 1]


def _without_dateline(raw: bytes) -> bytes:
    return b"\n".join(x for x in raw.split(b"\n") if not x.startswith(b"2023-11-15 "))


# name -> (how the seed is broken, where the message points, what it says was expected)
BROKEN_SEEDS = {
    "heading-missing": (
        lambda raw: _without_line(raw, "危機升級"),
        ", line ",
        "section heading '任重道遠' out of order; expected '危機升級' here",
    ),
    "truncated": (_truncated, ", line ", "expected 5 headings, found 2 before the end"),
    "not-utf-8": (
        lambda raw: _re_encoded_line(raw, 10),
        ", line 10, column ",
        "not UTF-8: expected UTF-8 text, found the byte 0x",
    ),
    "empty": (lambda raw: b"", ": ", "expected the article's text, found an empty file"),
    "no-dateline": (
        _without_dateline,
        ": ",
        "no title found: expected a title line followed by a dateline",
    ),
}

# Every command that reads the seed: the make targets and the commands of `tianyuan` that
# they do not already run.
MAKE_TARGETS = ("book", "html", "pdf", "data")
COMMANDS = (
    ("data", "--check"),
    ("edition", "zh-Hant", "html"),
    ("edition", "zh-Hans", "latex"),
    ("edition", "zh-Hant", "handout"),
    ("handout", "zh-Hans"),
    ("lite",),
    ("bench",),
)


@pytest.mark.parametrize("name", BROKEN_SEEDS)
def test_each_broken_seed_is_described_by_the_reader(name, tmp_path):
    """The five seeds are broken in five different ways, each said where and how."""
    breaker, where, expected = BROKEN_SEEDS[name]
    seed = tmp_path / "seed.txt"
    seed.write_bytes(breaker(SEED_PATH.read_bytes()))
    with pytest.raises(ArticleError) as err:
        read_article(seed)
    assert str(err.value).startswith(f"{seed}{where}"), str(err.value)
    assert expected in str(err.value)


def test_the_command_prints_bad_input_as_one_line(capsys, monkeypatch):
    def broken(args):
        raise InputError(SEED_PATH, "expected this, found that", 3, 4)

    monkeypatch.setattr(cli, "run", broken)
    assert cli.main(["data"]) == 1
    err = capsys.readouterr().err
    assert err == f"tianyuan data: {SEED}, line 3, column 4: expected this, found that\n"


@pytest.mark.clone
@pytest.mark.parametrize("name", BROKEN_SEEDS)
def test_every_command_stops_on_a_broken_seed_with_one_message(name, tmp_path):
    repo = copy_repository(tmp_path / "repo")
    breaker, where, expected = BROKEN_SEEDS[name]
    (repo / SEED).write_bytes(breaker(SEED_PATH.read_bytes()))
    tables = {p.name: p.read_bytes() for p in (repo / "data" / "tables").glob("*.csv")}

    runs = [(f"make {t}", lambda t=t: make_in(repo, t)) for t in MAKE_TARGETS]
    runs += [
        (f"tianyuan {' '.join(c)}", lambda c=c: run_in(repo, "tianyuan", *c)) for c in COMMANDS
    ]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        done = {label: pool.submit(run) for label, run in runs}
    for label, future in done.items():
        result = future.result()
        said = [line for line in result.stderr.splitlines() if SEED in line]
        report = f"{label}:\n{result.stdout[-1500:]}\n{result.stderr[-3000:]}"
        assert result.returncode != 0, report
        assert "Traceback" not in result.stdout + result.stderr, report
        assert len(said) == 1, report
        assert f"{SEED}{where}" in said[0] and expected in said[0], report
    assert not (repo / "_build" / "html").exists()  # nothing built, nothing half-written
    assert {p.name: p.read_bytes() for p in (repo / "data" / "tables").glob("*.csv")} == tables


# --- teaching files ------------------------------------------------------------------------


@pytest.fixture
def teaching_file(tmp_path, monkeypatch):
    """Point the questions at a copy in tmp_path; yield a function that writes it."""
    from tianyuan.teaching import content

    path = tmp_path / "questions.yml"
    monkeypatch.setattr(content, "QUESTIONS", path)
    content.questions.cache_clear()

    def write(text: str):
        path.write_text(text, "utf-8")
        return content.questions

    yield write
    content.questions.cache_clear()


def test_a_question_without_its_english_names_the_line_and_the_missing_key(teaching_file):
    from tianyuan.teaching.content import TeachingError

    text = (ROOT / "book" / "teaching" / "questions.yml").read_text("utf-8")
    lines = text.splitlines()
    n = next(i for i, x in enumerate(lines) if x.strip().startswith("en:"))
    questions = teaching_file("\n".join(lines[:n] + lines[n + 1 :]) + "\n")
    with pytest.raises(TeachingError) as err:
        questions()
    assert str(err.value).endswith(
        f"questions.yml, line {n}: lede question 1: expected the keys "
        "['zh', 'en', 'look_for', 'evidence', 'misreadings'], found no en"
    )


def test_a_teaching_file_that_is_not_yaml_names_line_and_column(teaching_file):
    from tianyuan.teaching.content import TeachingError

    questions = teaching_file("lede:\n  - zh: 一\n    en: [unclosed\n")
    with pytest.raises(TeachingError, match=r"questions\.yml, line 4, column 1: not valid YAML"):
        questions()
