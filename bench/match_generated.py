"""``python -m app match`` on a labelled generated set, beside recordlinkage and Splink.

    .venv/bin/python bench/match_generated.py                          # generator b, 10k x 2k
    .venv/bin/python bench/match_generated.py --existing 100000 --incoming 10000
    .venv/bin/python bench/match_generated.py --generator bench.generated_b.make --seed 7

A generator is a module run as ``python -m MODULE --existing N --incoming M --seed S --out DIR``
that writes existing.csv and incoming.csv (headers the ``match`` command reads, ids in
"College Student ID") and truth.csv (incoming_id, existing_id[, changes]); incoming_kinds.csv
(incoming_id, kind, existing_id, detail) and existing_households.csv (existing_id, household)
are optional and name the kinds of false links. ``--generator b`` means
``bench.generated_b.make``. Sets are cached in bench/out/generated/<generator>/<N>x<M>-s<S>/
and made again when the generator's sources change.

Each system runs as its own process, timed whole (start, read the CSVs, link, write the links)
with its peak memory: ru_maxrss of the process (the largest one, for ``match`` with workers)
and the peak of the summed PSS of its process tree, sampled every 0.1 s.

* ours: ``python -m app match``; a link is a row of band "certain" or "probable";
  "certain P" is the precision of the "certain" rows alone.
* recordlinkage 0.16: candidates from blocks on the birthdate, first + last name, email, phone
  and SSN; Jaro-Winkler >= 0.85 on the names and street line, exact comparison of the rest; the
  unsupervised ECM classifier on the binary vectors (as bench/match_quality.py).
* Splink 5.0.0 (DuckDB 2.0.0; ``pip install splink==5.0.0``, the ``bench`` extra): name
  comparisons with term-frequency adjustment, the birthdate, Jaro-Winkler / Levenshtein on the
  address, email, phone and SSN; lambda from a deterministic rule, u by random sampling, m by EM
  on three blocking rules (as bench/match_quality.py); links at match probability >= 0.5.
  Skipped, saying so, when Splink is not installed.

Both peers get the same values, normalised the same simple way (case and accents folded, phone,
SSN and ZIP digits), from this file's own code. Then: false links by kind (the relation the
generator made, a member of the same household, or the fields an unrelated pair agrees on),
missed links by the change the generator made (a duplicate with several changes counts under
each), and a few examples of each with our reasons.

Measured on generator b, seed 1, 2 shared cores (whole process; F1 / "certain" P / time):

    10k x 2k:   ours 0.948 / 1.000 / 2.9 s; recordlinkage 0.768 / 4.0 s;
                Splink 0.709 / 23 s, identifiers 0.804 / 14 s, quality 0.066 / 17 s
    100k x 10k: ours 0.639 / 0.998 / 16.4 s, 672 MiB; recordlinkage 0.086 / 8.1 s;
                Splink 0.587 / 108 s, 1.9 GiB; identifiers 0.774 / 19 s
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # generator modules are found (and run) from the repository root
CACHE = ROOT / "bench" / "out" / "generated"
LINK_BANDS = ("certain", "probable")
Pair = tuple[str, str]  # (incoming id, existing id)

# The columns the peers compare, from the headers the generators write.
HEADERS = {
    "College Student ID": "id",
    "Legal First Name": "first_name",
    "Legal Middle Name": "middle_name",
    "Legal Last Name": "last_name",
    "Birthdate": "birthdate",
    "Email Address": "email",
    "Main Telephone Number": "phone",
    "Street Address Line 1": "street1",
    "Street Address Line 2": "street2",
    "City": "city",
    "State": "state",
    "ZIP / Postal Code": "postal_code",
    "Social Security Number": "ssn",
}


# --- generating ---------------------------------------------------------------------------------


def generator_module(name: str) -> str:
    if re.fullmatch(r"[a-z0-9]+", name):
        return f"bench.generated_{name}.make"
    path = Path(name)
    if path.is_dir():
        rel = path.resolve().relative_to(ROOT)
        return ".".join(rel.parts) + ".make"
    return name


def _source_digest(module: str) -> str:
    """A digest of the generator's package sources: a changed generator makes its sets anew."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise SystemExit(f"no generator module {module!r}")
    digest = hashlib.sha256()
    for path in sorted(Path(spec.origin).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def generate(module: str, n: int, m: int, seed: int, fresh: bool) -> tuple[Path, float]:
    """The set's directory (made now or cached earlier) and the seconds making it took."""
    label = module.removesuffix(".make").rsplit(".", 1)[-1].removeprefix("generated_")
    where = CACHE / label / f"{n}x{m}-s{seed}"
    done = where / ".done"
    source = _source_digest(module)
    if done.exists() and not fresh:
        stamp = json.loads(done.read_text())
        if stamp.get("source") == source:
            return where, float(stamp["seconds"])
    where.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", module]
    command += ["--existing", str(n), "--incoming", str(m), "--seed", str(seed)]
    command += ["--out", str(where)]
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    done.write_text(json.dumps({"command": command[1:], "seconds": seconds, "source": source}))
    return where, seconds


# --- running a system as a process ----------------------------------------------------------


@dataclass
class Run:
    seconds: float
    maxrss: int  # bytes, largest single process
    tree_pss: int  # bytes, peak of the tree's summed PSS (sampled)
    stdout: str
    stderr: str


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                children = Path(f"/proc/{p}/task/{task}/children").read_text().split()
                todo.extend(int(c) for c in children)
        except OSError:
            pass
    return out


def _pss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def run_process(command: list[str]) -> Run:
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=err)
        peak = 0
        stop = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not stop.is_set():
                peak = max(peak, sum(_pss(p) for p in _tree(proc.pid)))
                stop.wait(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        stop.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        result = Run(seconds, usage.ru_maxrss * 1024, peak, out.read(), err.read())
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}):\n{result.stderr}")
    return result


# --- reading ------------------------------------------------------------------------------------


def read_rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        return {row["College Student ID"]: row for row in reader}


def read_table(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


@dataclass
class LabelledSet:
    where: Path
    truth: dict[Pair, str]  # pair -> changes
    kinds: dict[str, tuple[str, str, str]]  # incoming id -> (kind, existing id, detail)
    household: dict[str, str]  # existing id -> household
    n: int
    m: int


def load_set(where: Path) -> LabelledSet:
    truth = {
        (r["incoming_id"], r["existing_id"]): r.get("changes", "")
        for r in read_table(where / "truth.csv")
    }
    kinds = {
        r["incoming_id"]: (r["kind"], r["existing_id"], r.get("detail", ""))
        for r in read_table(where / "incoming_kinds.csv")
    }
    households = read_table(where / "existing_households.csv")
    household = {r["existing_id"]: r["household"] for r in households}
    n = sum(1 for _ in (where / "existing.csv").open(encoding="utf-8")) - 1
    m = sum(1 for _ in (where / "incoming.csv").open(encoding="utf-8")) - 1
    return LabelledSet(where, truth, kinds, household, n, m)


# --- the systems ------------------------------------------------------------------------------


@dataclass
class Outcome:
    system: str
    links: set[Pair]
    certain: set[Pair] | None
    run: Run | None
    note: str = ""
    rows: dict[Pair, tuple[str, str, str]] = field(default_factory=dict)  # score, band, reasons


def run_ours(s: LabelledSet, workdir: Path) -> Outcome:
    out = workdir / "match.csv"
    command = [sys.executable, "-m", "app", "match"]
    command += ["--existing", str(s.where / "existing.csv")]
    command += ["--incoming", str(s.where / "incoming.csv"), "--out", str(out)]
    run = run_process(command)
    links: set[Pair] = set()
    certain: set[Pair] = set()
    rows: dict[Pair, tuple[str, str, str]] = {}
    for r in read_table(out):
        pair = (r["incoming_id"], r["existing_id"])
        rows[pair] = (r["score"], r["band"], r["reasons"])
        if r["band"] in LINK_BANDS:
            links.add(pair)
            if r["band"] == "certain":
                certain.add(pair)
    return Outcome("ours (match)", links, certain, run, rows=rows)


def run_peer(system: str, s: LabelledSet, workdir: Path, variant: str = "address") -> Outcome:
    label = {"recordlinkage": "recordlinkage ECM", "splink": "Splink"}[system]
    if system == "splink" and variant != "address":
        label = f"Splink ({variant})"
    if system == "splink" and importlib.util.find_spec("splink") is None:
        return Outcome(label, set(), None, None, note="not installed: pip install splink==5.0.0")
    out = workdir / f"{system}.csv"
    command = [sys.executable, str(Path(__file__).resolve()), "--peer", system]
    command += ["--data", str(s.where), "--links", str(out), "--splink-variant", variant]
    run = run_process(command)
    links = {(r["incoming_id"], r["existing_id"]) for r in read_table(out)}
    info = json.loads(run.stdout.strip().splitlines()[-1])
    note = f"{info['candidates']} candidate pairs, link step {info['seconds']:.1f}s"
    return Outcome(label, links, None, run, note=note)


# --- the peers, in their own process --------------------------------------------------------


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9 ]", "", s.replace("-", " "))).strip()


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def normalised(path: Path) -> Any:
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df = df.rename(columns=HEADERS)[list(HEADERS.values())]
    out = pd.DataFrame({"id": df["id"]})
    for col in ("first_name", "middle_name", "last_name", "street1", "street2", "city"):
        out[col] = df[col].map(_fold)
    out["birthdate"] = df["birthdate"].str.strip()
    out["email"] = df["email"].str.strip().str.lower()
    out["phone"] = df["phone"].map(lambda v: _digits(v)[-10:])
    out["state"] = df["state"].map(lambda v: "ca" if _fold(v) in ("ca", "california") else _fold(v))
    out["postal_code"] = df["postal_code"].map(lambda v: _digits(v)[:5])
    out["ssn"] = df["ssn"].map(_digits)
    out = out.set_index("id")
    return out.replace("", None)


def peer_recordlinkage(where: Path, links_path: Path) -> None:
    import recordlinkage  # type: ignore[import-untyped]

    existing, incoming = normalised(where / "existing.csv"), normalised(where / "incoming.csv")
    start = time.perf_counter()
    indexer = recordlinkage.Index()
    indexer.block("birthdate")
    indexer.block(["first_name", "last_name"])
    indexer.block("email")
    indexer.block("phone")
    indexer.block("ssn")
    candidates = indexer.index(existing, incoming)
    compare = recordlinkage.Compare()
    for col in ("first_name", "last_name", "middle_name", "street1"):
        compare.string(col, col, method="jarowinkler", threshold=0.85, label=col)
    for col in ("birthdate", "email", "phone", "street2", "city", "postal_code", "ssn"):
        compare.exact(col, col, label=col)
    features = compare.compute(candidates, existing, incoming)
    predicted = recordlinkage.ECMClassifier(binarize=None).fit_predict(features)
    seconds = time.perf_counter() - start
    with links_path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(("incoming_id", "existing_id"))
        writer.writerows((i, e) for e, i in predicted)
    print(json.dumps({"candidates": len(candidates), "seconds": seconds}))


def peer_splink(where: Path, links_path: Path, variant: str) -> None:
    import logging

    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    def frame(path: Path) -> Any:
        return normalised(path).reset_index().rename(columns={"id": "unique_id"})

    existing, incoming = frame(where / "existing.csv"), frame(where / "incoming.csv")
    for df in (existing, incoming):  # one address comparison: street line and ZIP together
        df["address"] = (df["street1"].fillna("") + " " + df["postal_code"].fillna("")).str.strip()
        df.loc[df["street1"].isna(), "address"] = None
    start = time.perf_counter()
    db = DuckDBAPI()
    tables = [
        db.register(existing, dataset_display_name="existing"),
        db.register(incoming, dataset_display_name="incoming"),
    ]
    comparisons: list[Any] = [
        cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
        cl.NameComparison("last_name").configure(term_frequency_adjustments=True),
        cl.JaroWinklerAtThresholds("middle_name", [0.9]),
        cl.DateOfBirthComparison("birthdate", input_is_string=True, datetime_format="%Y-%m-%d"),
    ]
    if variant == "quality":  # bench/match_quality.py's address comparisons, each on its own
        comparisons += [
            cl.JaroWinklerAtThresholds("street1", [0.9, 0.7]),
            cl.JaroWinklerAtThresholds("city", [0.9]),
            cl.DamerauLevenshteinAtThresholds("postal_code", [1]),
            cl.ExactMatch("state"),
        ]
    else:
        comparisons.append(cl.JaroWinklerAtThresholds("address", [0.95, 0.8]))
    comparisons += [
        cl.JaroWinklerAtThresholds("street2", [0.9, 0.7]),
        cl.EmailComparison("email"),
        cl.ExactMatch("phone"),
        cl.ExactMatch("ssn"),
    ]
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "last_name"),
            block_on("last_name", "birthdate"),
            block_on("first_name", "birthdate"),
            block_on("postal_code", "birthdate"),
            block_on("postal_code", "street1"),
            block_on("email"),
            block_on("phone"),
            block_on("ssn"),
        ],
    )
    linker = Linker(tables, settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "last_name", "birthdate")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    # EM on pairs sharing the birthdate, surname or ZIP (match_quality.py's), or, "identifiers",
    # on pairs sharing an SSN or email: nearly all the same person, so households sharing a
    # surname, address and phone do not pull the m's towards relatives.
    rules = (
        ("ssn", "email") if variant == "identifiers" else ("birthdate", "last_name", "postal_code")
    )
    for rule in rules:
        linker.training.estimate_parameters_using_expectation_maximisation(block_on(rule))
    predicted = linker.inference.predict(threshold_match_probability=0.5)
    df = predicted.as_pandas_dataframe()  # type: ignore[no-untyped-call]
    seconds = time.perf_counter() - start
    with links_path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(("incoming_id", "existing_id"))
        for x, y, sx in zip(df.unique_id_l, df.unique_id_r, df.source_dataset_l, strict=True):
            writer.writerow((y, x) if sx == "existing" else (x, y))
    print(json.dumps({"candidates": len(df), "seconds": seconds}))


# --- scoring and the report ----------------------------------------------------------------


def prf(links: set[Pair], truth: set[Pair]) -> tuple[float, float, float]:
    tp = len(links & truth)
    p = tp / len(links) if links else 0.0
    r = tp / len(truth) if truth else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


class Describer:
    """Names the kind of a false link and shows records, reading the two files once."""

    def __init__(self, s: LabelledSet) -> None:
        self.s = s
        self.existing = read_rows(s.where / "existing.csv")
        self.incoming = read_rows(s.where / "incoming.csv")
        self.true_of = {i: e for i, e in s.truth}

    def false_kind(self, pair: Pair) -> str:
        i, e = pair
        kind, tied, detail = self.s.kinds.get(i, ("", "", ""))
        if tied == e and kind and kind != "duplicate":
            return f"{kind} ({detail})" if detail else kind
        home = self.s.household.get(tied) if tied else None
        if home and self.s.household.get(e) == home:
            what = "the true record's" if kind == "duplicate" else f"the {kind}'s"
            return f"household member of {what} person"
        if kind == "duplicate":
            lead = "duplicate linked to another record"
        else:
            lead = f"{kind or 'unrelated'} linked to an unrelated record"
        agree = self.agreement(i, e)
        return f"{lead}: agrees on {agree or 'nothing exactly'}"

    def agreement(self, i: str, e: str) -> str:
        a, b = self.incoming[i], self.existing[e]

        def same(col: str, norm: Any = _fold) -> bool:
            x, y = norm(a[col]), norm(b[col])
            return bool(x) and x == y

        parts = []
        if same("Legal First Name"):
            parts.append("first name")
        if same("Legal Last Name"):
            parts.append("last name")
        if same("Birthdate", str.strip):
            parts.append("birthdate")
        if same("Street Address Line 1"):
            parts.append("street line")
        if same("Email Address", str.lower):
            parts.append("email")
        if same("Main Telephone Number", _digits):
            parts.append("phone")
        if same("Social Security Number", _digits):
            parts.append("SSN")
        if parts == ["birthdate"]:
            return "birthdate only"
        return " + ".join(parts)

    def show(self, row: dict[str, str]) -> str:
        name = " ".join(
            x
            for x in (row["Legal First Name"], row["Legal Middle Name"], row["Legal Last Name"])
            if x
        )
        if row.get("Suffix"):
            name += f" {row['Suffix']}"
        lines = (row["Street Address Line 1"], row["Street Address Line 2"])
        address = " ".join(x for x in lines if x)
        return (
            f"{name or '-'} | {row['Birthdate'] or '-'} | {address or '-'}, {row['City'] or '-'}"
            f" {row['ZIP / Postal Code']} | {row['Email Address'] or '-'}"
            f" | {row['Main Telephone Number'] or '-'}"
            f" | SSN {'yes' if row['Social Security Number'] else '-'}"
        )


def _mib(b: int) -> str:
    return f"{b / 2**20:,.0f} MiB"


def report(s: LabelledSet, outcomes: list[Outcome], examples: int, gen_seconds: float) -> None:
    truth = set(s.truth)
    kinds = Counter(k for k, _, _ in s.kinds.values())
    print(
        f"\n{s.where.relative_to(ROOT) if s.where.is_relative_to(ROOT) else s.where}:"
        f" {s.n:,} existing x {s.m:,} incoming, {len(truth):,} true pairs"
        f" (made in {gen_seconds:.1f}s)"
    )
    if kinds:
        print("  incoming kinds: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    head = ("system", "links", "P", "R", "F1", "certain P", "time", "max RSS", "tree PSS")
    print("\n  {:<21} {:>6} {:>7} {:>7} {:>7} {:>10} {:>7} {:>10} {:>10}".format(*head))
    for o in outcomes:
        if o.run is None:
            print(f"  {o.system:<21} {o.note}")
            continue
        p, r, f = prf(o.links, truth)
        cp = "-"
        if o.certain is not None:
            cp = f"{len(o.certain & truth) / len(o.certain):.4f}" if o.certain else "n/a"
        print(
            f"  {o.system:<21} {len(o.links):>6} {p:>7.4f} {r:>7.4f} {f:>7.4f} {cp:>10}"
            f" {o.run.seconds:>6.1f}s {_mib(o.run.maxrss):>10} {_mib(o.run.tree_pss):>10}"
        )
    for o in outcomes:
        if o.note and o.run is not None:
            print(f"  {o.system}: {o.note}")
    ours = outcomes[0]
    if ours.certain is not None:
        print(
            f"  ours: certain {len(ours.certain)}, false certain {len(ours.certain - truth)};"
            f" probable {len(ours.links - ours.certain)}, false probable"
            f" {len((ours.links - ours.certain) - truth)}"
        )

    d = Describer(s)
    ran = [o for o in outcomes if o.run is not None]
    # false links by kind, every system side by side
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for o in ran:
        for pair in o.links - truth:
            by_kind[d.false_kind(pair)][o.system] += 1
    print("\n  false links by kind" + "".join(f" | {o.system}" for o in ran))
    order = sorted(by_kind, key=lambda k: -sum(by_kind[k].values()))
    for k in order:
        counts = " | ".join(f"{by_kind[k][o.system]:>5}" for o in ran)
        certain = ""
        if ours.certain is not None:
            nc = sum(1 for pair in ours.certain - truth if d.false_kind(pair) == k)
            certain = f"   (ours certain: {nc})" if nc else ""
        print(f"    {k:<72} {counts}{certain}")
    # missed links by change
    tags: Counter[str] = Counter()
    missed: dict[str, Counter[str]] = defaultdict(Counter)
    for pair, changes in s.truth.items():
        for tag in (changes or "exact").split("|"):
            tags[tag] += 1
            for o in ran:
                if pair not in o.links:
                    missed[tag][o.system] += 1
    systems = "".join(f" | {o.system}" for o in ran)
    print("\n  missed links by change (missed / pairs with it)" + systems)
    for tag, total in sorted(tags.items(), key=lambda t: (-sum(missed[t[0]].values()), -t[1])):
        counts = " | ".join(f"{missed[tag][o.system]:>4}/{total:<4}" for o in ran)
        print(f"    {tag:<40} {counts}")
    if examples and ours.run is not None:
        print(f"\n  ours, false links: up to {examples} of each of the commonest kinds")
        ours_kinds = Counter(d.false_kind(pair) for pair in ours.links - truth)
        our_top = {k for k, _ in ours_kinds.most_common(6)}
        shown: Counter[str] = Counter()
        for pair in sorted(ours.links - truth):
            k = d.false_kind(pair)
            if k not in our_top or shown[k] >= examples:
                continue
            shown[k] += 1
            score, band, reasons = ours.rows[pair]
            print(f"    [{k}] {score} {band}: {reasons}")
            print(f"      incoming {pair[0]} {d.show(d.incoming[pair[0]])}")
            print(f"      existing {pair[1]} {d.show(d.existing[pair[1]])}")
        print(f"\n  ours, missed links: up to {examples} of each of the commonest changes")
        shown.clear()
        top = [t for t, _ in sorted(missed.items(), key=lambda t: -t[1][ours.system])[:6]]
        for pair in sorted(truth - ours.links):
            tag_list = (s.truth[pair] or "exact").split("|")
            found = next((t for t in top if t in tag_list), None)
            if found is None or shown[found] >= examples:
                continue
            shown[found] += 1
            score, band, reasons = ours.rows.get(pair, ("-", "not listed", ""))
            print(f"    [{s.truth[pair]}] {score} {band}: {reasons}")
            print(f"      incoming {pair[0]} {d.show(d.incoming[pair[0]])}")
            print(f"      existing {pair[1]} {d.show(d.existing[pair[1]])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--generator", default="b", help="b, a module path, or a directory")
    parser.add_argument("--existing", type=int, default=10000)
    parser.add_argument("--incoming", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fresh", action="store_true", help="make the set again, not cached")
    parser.add_argument("--no-splink", action="store_true")
    parser.add_argument("--no-recordlinkage", action="store_true")
    parser.add_argument("--examples", type=int, default=3, metavar="N")
    parser.add_argument(
        "--splink-variant",
        default="address",
        metavar="VARIANTS",
        help="comma-separated: 'address' (default): one comparison of street line + ZIP, EM as"
        " match_quality.py; 'quality': match_quality.py's street line, city, ZIP and state each"
        " on its own; 'identifiers': one address comparison, EM on pairs sharing an SSN or"
        " email; 'all': the three",
    )
    parser.add_argument("--peer", choices=("recordlinkage", "splink"), help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--links", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.peer:  # one peer in its own process, for its whole-process time and memory
        import warnings

        warnings.filterwarnings("ignore")
        if args.peer == "splink":
            peer_splink(args.data, args.links, args.splink_variant)
        else:
            peer_recordlinkage(args.data, args.links)
        return
    variants = args.splink_variant.replace("all", "address,identifiers,quality").split(",")
    for variant in variants:
        if variant not in ("address", "identifiers", "quality"):
            parser.error(f"unknown Splink variant {variant!r}")
    module = generator_module(args.generator)
    where, gen_seconds = generate(module, args.existing, args.incoming, args.seed, args.fresh)
    s = load_set(where)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        outcomes = [run_ours(s, work)]
        if not args.no_recordlinkage:
            outcomes.append(run_peer("recordlinkage", s, work))
        if not args.no_splink:
            for variant in variants:
                outcomes.append(run_peer("splink", s, work, variant))
    report(s, outcomes, args.examples, gen_seconds)


if __name__ == "__main__":
    main()
