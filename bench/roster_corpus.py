"""The headless import on the roster corpus (tests/fixtures/rosters/): how many files are right.

Each roster there was written by LibreOffice from people made by the corpus's own generator
(tests/fixtures/rosters/make_rosters.py, which shares no code with the app), and has a truth file
saying which rows are students, which are not (titles, footers, subtotals, section headings,
repeated headers, blank rows), which student rows are truly invalid (field and reason), and which
rows are the same person (duplicate groups) or relatives who are not (distinct groups).

For every roster this runs the command staff would run::

    python -m app import FILE --dry-run --report OUT.xlsx

as a child process, in a new temporary data directory, with no central service configured (the
built-in sandbox, which is not running, so the check is this workstation's alone: within the file
and the empty cache), the tests' file keyring. It reads the report, finds each report row's source
row again (by its words: the report has the input cells but no row number; a "Row" column is used
if the report gains one), and compares with the truth:

* rows: every student row in the report, and nothing else counted as a student (a report row
  whose status says it was skipped is not counted);
* invalid rows, per row: each truly invalid row refused ("error") with its field named in the
  message, and no valid row refused;
* duplicates: each group's rows have their best in-file candidate inside the group, banded
  certain or probable (so a person must decide); no other row has a certain or probable in-file
  candidate outside its group (relatives at one address included).

A file is right when all three hold. It prints a table per file and "N of M files right"; it is a
benchmark that prints figures, not a test.

    .venv/bin/python bench/roster_corpus.py
    .venv/bin/python bench/roster_corpus.py --only 08 --verbose
    .venv/bin/python bench/roster_corpus.py --json bench/out/roster_corpus.json
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "fixtures" / "rosters"
RESULT_HEADERS = ("Status", "CCCID", "Matched CCCID", "Match", "Why", "Message")
ROW_HEADERS = ("row", "source row", "sheet row", "row number")
STRONG = ("certain", "probable")
MATCH_AT = 0.6  # share of a truth row's words a report row must have to be that row
TIMEOUT = 600.0

# The labels the messages use (app/models/account.py FIELD_LABELS and the SIS id's), so a refusal
# can be checked for naming the right field. Read from the app when it is importable.
try:
    sys.path.insert(0, str(REPO))
    from app.models.account import FIELD_LABELS as _LABELS

    LABELS: dict[str, str] = {**_LABELS, "sis_id": "College Student ID"}
except ImportError:  # pragma: no cover - the bench runs in the project's environment
    LABELS = {}


def tokens(text: str) -> set[str]:
    """The words of a row, as the corpus's truth files list them (match_tokens)."""
    folded = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    words = "".join(c if c.isalnum() else " " for c in folded).split()
    return {w for w in words if len(w) > 1 and not w.isdigit()}


# --- running the import -----------------------------------------------------------------------


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    report: list[dict[str, Any]] = field(default_factory=list)  # one per report row
    input_headers: list[str] = field(default_factory=list)


def run_import(path: Path, work: Path) -> Run:
    data = work / "data"
    data.mkdir()
    report = work / "report.xlsx"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACCOUNT_DESK_")}
    env.update(
        ACCOUNT_DESK_DATA_DIR=str(data),
        PYTHON_KEYRING_BACKEND="tests.support.file_keyring.FileKeyring",
        ACCOUNT_DESK_TEST_KEYRING=str(work / "keyring.json"),
        PYTHONPATH=str(REPO),
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "app", "import", str(path), "--dry-run", "--report", str(report)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    run = Run(done.returncode, done.stdout, done.stderr, time.monotonic() - started)
    if done.returncode == 0 and report.exists():
        run.input_headers, run.report = read_report(report)
    return run


def read_report(path: Path) -> tuple[list[str], list[dict[str, Any]]]:
    book = load_workbook(path, read_only=True, data_only=True)
    sheet = book.worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    book.close()
    if not rows:
        return [], []
    headers = ["" if h is None else str(h) for h in rows[0]]
    results = {name: headers.index(name) for name in RESULT_HEADERS if name in headers}
    first_result = min(results.values()) if results else len(headers)
    row_col = next((i for i, h in enumerate(headers) if h.strip().casefold() in ROW_HEADERS), None)
    out = []
    for cells in rows[1:]:
        inputs = [c for i, c in enumerate(cells[:first_result]) if i != row_col]
        entry: dict[str, Any] = {
            name: cells[i] if i < len(cells) else None for name, i in results.items()
        }
        entry["inputs"] = inputs
        entry["tokens"] = tokens(" ".join("" if c is None else str(c) for c in inputs))
        entry["row"] = _int(cells[row_col]) if row_col is not None else None
        out.append(entry)
    return headers[:first_result], out


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


# --- finding each report row's source row -----------------------------------------------------


def align(report: list[dict[str, Any]], truth_rows: list[dict[str, Any]]) -> list[int | None]:
    """The source row of each report row (None: found nowhere), keeping the order of both."""
    if report and all(r["row"] is not None for r in report):
        return [r["row"] for r in report]
    n, m = len(report), len(truth_rows)

    def sim(i: int, j: int) -> float:
        want = truth_rows[j]["tokens"]
        if not want:
            return 0.0
        share = len(want & report[i]["tokens"]) / len(want)
        return share if share >= MATCH_AT else 0.0

    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            s = sim(i - 1, j - 1)
            best[i][j] = max(best[i - 1][j], best[i][j - 1], best[i - 1][j - 1] + s if s else 0.0)
    found: list[int | None] = [None] * n
    i, j = n, m
    while i and j:
        s = sim(i - 1, j - 1)
        if s and best[i][j] == best[i - 1][j - 1] + s:
            found[i - 1] = truth_rows[j - 1]["row"]
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return found


# --- comparing with the truth -----------------------------------------------------------------


@dataclass
class Score:
    name: str
    students: int = 0
    found: int = 0
    extra: list[str] = field(default_factory=list)  # non-students counted as students
    missing: list[int] = field(default_factory=list)
    invalid: int = 0
    invalid_refused: int = 0
    invalid_field_named: int = 0
    invalid_accepted: list[str] = field(default_factory=list)
    wrong_field: list[str] = field(default_factory=list)
    valid_refused: list[str] = field(default_factory=list)
    groups: int = 0
    groups_found: int = 0
    groups_missed: list[str] = field(default_factory=list)
    false_links: list[str] = field(default_factory=list)
    relatives_linked: int = 0
    refused_file: str | None = None
    seconds: float = 0.0

    @property
    def right(self) -> bool:
        return (
            self.refused_file is None
            and not self.extra
            and not self.missing
            and self.invalid_refused == self.invalid == self.invalid_field_named
            and not self.valid_refused
            and self.groups_found == self.groups
            and not self.false_links
        )


def _short(value: Any, limit: int = 160) -> str:
    text = " ".join(str(value or "").split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _skipped(status: Any) -> bool:
    word = str(status or "").strip().casefold()
    return word.startswith(("skip", "not a student", "ignored"))


def score(truth: dict[str, Any], run: Run) -> Score:
    result = Score(truth["file"], seconds=run.seconds)
    students = {s["row"]: s for s in truth["students"]}
    others = {o["row"]: o for o in truth["not_students"]}
    invalid: dict[int, list[dict[str, Any]]] = {}
    for bad in truth["invalid"]:
        invalid.setdefault(bad["row"], []).append(bad)
    group_of = {row: i for i, rows in enumerate(truth["duplicate_groups"]) for row in rows}
    family_of = {row: i for i, g in enumerate(truth["distinct_groups"]) for row in g["rows"]}
    result.students, result.invalid = len(students), len(invalid)
    result.groups = len(truth["duplicate_groups"])
    if run.returncode != 0:
        last = [line for line in run.stderr.splitlines() if line.strip()]
        result.refused_file = _short(last[-1] if last else f"exit {run.returncode}", 300)
        result.missing = sorted(students)
        result.groups_missed = [str(g) for g in truth["duplicate_groups"]]
        return result
    truth_rows = [
        {"row": s["row"], "tokens": set(s["match_tokens"])} for s in truth["students"]
    ] + [
        {"row": o["row"], "tokens": set(o.get("match_tokens", []))}
        for o in truth["not_students"]
        if o["kind"] != "blank"
    ]
    truth_rows.sort(key=lambda r: r["row"])
    where = align(run.report, truth_rows)
    by_row: dict[int, dict[str, Any]] = {}
    for entry, row in zip(run.report, where, strict=True):
        if _skipped(entry.get("Status")):
            continue
        if row is None:
            result.extra.append(f"unknown row {_short(' '.join(map(str, entry['inputs'])), 60)}")
        elif row in others:
            result.extra.append(
                f"row {row} ({others[row]['kind']}: {_short(others[row]['text'], 40)})"
            )
        else:
            by_row[row] = entry
    result.found = sum(1 for row in students if row in by_row)
    result.missing = sorted(row for row in students if row not in by_row)
    for row, entry in sorted(by_row.items()):
        refused = str(entry.get("Status") or "").strip().casefold() == "error"
        message = str(entry.get("Message") or "")
        if row in invalid:
            if not refused:
                result.invalid_accepted.append(
                    f"row {row}: {invalid[row][0]['field']} ({invalid[row][0]['reason']})"
                )
                continue
            result.invalid_refused += 1
            named = all(
                LABELS.get(bad["field"], bad["field"]).casefold() in message.casefold()
                for bad in invalid[row]
            )
            if named:
                result.invalid_field_named += 1
            else:
                result.wrong_field.append(
                    f"row {row}: wanted {invalid[row][0]['field']}; said {_short(message, 120)}"
                )
        elif refused:
            result.valid_refused.append(f"row {row}: {_short(message)}")
    # Duplicates: the best in-file candidate of each row, as the report names it ("row N").
    best: dict[int, tuple[int, str]] = {}
    for row, entry in by_row.items():
        matched = re.fullmatch(r"row (\d+)", str(entry.get("Matched CCCID") or "").strip())
        if matched:
            best[row] = (int(matched.group(1)), str(entry.get("Match") or "").casefold())
    for rows in truth["duplicate_groups"]:
        ok = all(
            row in best and best[row][0] in rows and best[row][0] != row and best[row][1] in STRONG
            for row in rows
        )
        if ok:
            result.groups_found += 1
        else:
            seen = ", ".join(
                f"{row}->{best[row][0]} {best[row][1]}" if row in best else f"{row}->none"
                for row in rows
            )
            result.groups_missed.append(f"{rows}: {seen}")
    for row, (other, band) in sorted(best.items()):
        if band not in STRONG:
            continue
        if row in group_of and other in truth["duplicate_groups"][group_of[row]]:
            continue
        relatives = row in family_of and family_of.get(other) == family_of[row]
        result.relatives_linked += relatives
        why = " (relatives)" if relatives else ""
        result.false_links.append(f"row {row} -> row {other} {band}{why}")
    return result


# --- printing ---------------------------------------------------------------------------------


def _examples(title: str, items: Sequence[str], verbose: bool, limit: int = 4) -> None:
    if not items:
        return
    shown = items if verbose else items[:limit]
    print(f"    {title}:")
    for item in shown:
        print(f"      {item}")
    if len(shown) < len(items):
        print(f"      ... and {len(items) - len(shown)} more (--verbose)")


def print_file(s: Score, truth: dict[str, Any], verbose: bool) -> None:
    verdict = "RIGHT" if s.right else "wrong"
    print(
        f"{s.name}  [{truth['format']}{', ' + truth['encoding'] if truth['encoding'] else ''}]"
        f"  {verdict}  ({s.seconds:.1f} s)"
    )
    if s.refused_file:
        print(f"    file refused: {s.refused_file}")
    print(
        f"    rows:       {s.found} of {s.students} students in the report; "
        f"{len(s.extra)} other row(s) counted as students; {len(s.missing)} missing"
    )
    print(
        f"    invalid:    {s.invalid_refused} of {s.invalid} invalid rows refused "
        f"({s.invalid_field_named} naming the field); {len(s.valid_refused)} valid row(s) "
        f"refused; {len(s.invalid_accepted)} invalid row(s) accepted"
    )
    print(
        f"    duplicates: {s.groups_found} of {s.groups} group(s) found; "
        f"{len(s.false_links)} false certain/probable link(s) "
        f"({s.relatives_linked} between relatives)"
    )
    _examples("counted as students", s.extra, verbose)
    if s.missing and not s.refused_file:
        _examples("students missing", [f"row {r}" for r in s.missing], verbose, 8)
    _examples("valid rows refused", s.valid_refused, verbose)
    _examples("invalid rows accepted", s.invalid_accepted, verbose)
    _examples("refused for another field", s.wrong_field, verbose)
    _examples("duplicate groups missed", s.groups_missed, verbose)
    _examples("false links", s.false_links, verbose)


def print_summary(scores: Sequence[Score]) -> None:
    print()
    header = (
        f"{'file':36} {'students':>9} {'extra':>6} {'missing':>8} {'valid refused':>14} "
        f"{'invalid ok':>11} {'dups':>6} {'false links':>12}  right"
    )
    print(header)
    print("-" * len(header))
    for s in scores:
        print(
            f"{s.name:36} {s.found:>4}/{s.students:<4} {len(s.extra):>6} {len(s.missing):>8} "
            f"{len(s.valid_refused):>14} {s.invalid_field_named:>5}/{s.invalid:<5} "
            f"{s.groups_found:>2}/{s.groups:<3} {len(s.false_links):>12}  "
            f"{'yes' if s.right else 'no'}"
        )
    total = len(scores)
    right = sum(s.right for s in scores)
    students = sum(s.students for s in scores)
    refused = sum(len(s.valid_refused) for s in scores)
    missing = sum(len(s.missing) for s in scores)
    extra = sum(len(s.extra) for s in scores)
    print()
    print(
        f"valid student rows refused: {refused} of {students}; student rows missing from the "
        f"report: {missing}; other rows counted as students: {extra}"
    )
    print(f"{right} of {total} files right")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--only", help="only the rosters whose file name contains this")
    parser.add_argument("--verbose", action="store_true", help="list every wrong row")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--keep", type=Path, help="keep each report here (OUT/<name>.xlsx)")
    args = parser.parse_args(argv)
    truths = sorted(args.corpus.glob("*.truth.json"))
    if args.only:
        truths = [t for t in truths if args.only in t.name]
    if not truths:
        print(f"No truth files in {args.corpus}.", file=sys.stderr)
        return 2
    scores: list[Score] = []
    for truth_path in truths:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        with tempfile.TemporaryDirectory(prefix="roster-corpus-") as tmp:
            run = run_import(args.corpus / truth["file"], Path(tmp))
            if args.keep and (Path(tmp) / "report.xlsx").exists():
                args.keep.mkdir(parents=True, exist_ok=True)
                (Path(tmp) / "report.xlsx").replace(args.keep / f"{Path(truth['file']).stem}.xlsx")
        s = score(truth, run)
        print_file(s, truth, args.verbose)
        scores.append(s)
    print_summary(scores)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        figures = {
            "files": len(scores),
            "right": sum(s.right for s in scores),
            "per_file": [
                {
                    "file": s.name,
                    "right": s.right,
                    "students": s.students,
                    "found": s.found,
                    "extra": len(s.extra),
                    "missing": len(s.missing),
                    "valid_refused": len(s.valid_refused),
                    "invalid": s.invalid,
                    "invalid_refused": s.invalid_refused,
                    "invalid_field_named": s.invalid_field_named,
                    "invalid_accepted": len(s.invalid_accepted),
                    "groups": s.groups,
                    "groups_found": s.groups_found,
                    "false_links": len(s.false_links),
                    "refused_file": s.refused_file,
                    "seconds": round(s.seconds, 2),
                }
                for s in scores
            ],
        }
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
