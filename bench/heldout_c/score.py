"""Score a `python -m app match` output against held-out set C (bench/heldout_c/make.py).

    python bench/heldout_c/score.py OUT.csv DIR

OUT.csv is what `match --out` wrote; DIR holds truth.csv and kinds.csv from make.py. A link is a
pair banded "certain" or "probable". Prints precision, recall, F1, certain-precision, the false
links by kind of negative and the missed links by kind of corruption. Standard library only.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from collections import Counter

LINK_BANDS = ("certain", "probable")


def find_column(header: list[str], word: str) -> int:
    low = [h.strip().lower() for h in header]
    hits = [i for i, h in enumerate(low) if word in h]
    if not hits:
        raise SystemExit(f"no column with {word!r} in the match output header {header}")
    with_id = [i for i in hits if "id" in low[i].replace(word, "")]
    return (with_id or hits)[0]


def read_match(path: str) -> dict[tuple[str, str], str]:
    """(incoming id, existing id) -> band, best band kept if a pair repeats."""
    rank = {"certain": 0, "probable": 1}
    out: dict[tuple[str, str], str] = {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = csv.reader(fh)
        header = next(rows)
        ci, ce, cb = (find_column(header, w) for w in ("incoming", "existing", "band"))
        for row in rows:
            if not row:
                continue
            key = (row[ci].strip(), row[ce].strip())
            band = row[cb].strip().lower()
            old = out.get(key)
            if old is None or rank.get(band, 9) < rank.get(old, 9):
                out[key] = band
    return out


def pct(a: int, b: int) -> str:
    return f"{a / b:.4f}" if b else "n/a"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("match_csv")
    ap.add_argument("dir", help="the directory make.py wrote (truth.csv, kinds.csv)")
    a = ap.parse_args(argv)

    pairs = read_match(a.match_csv)
    with open(os.path.join(a.dir, "truth.csv"), encoding="utf-8", newline="") as fh:
        truth = {(r["incoming_id"], r["existing_id"]) for r in csv.DictReader(fh)}
    kinds: dict[str, tuple[str, str, str]] = {}
    with open(os.path.join(a.dir, "kinds.csv"), encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            kinds[r["incoming_id"]] = (r["kind"], r["detail"], r["related_existing_id"])

    links = {k for k, b in pairs.items() if b in LINK_BANDS}
    certain = {k for k, b in pairs.items() if b == "certain"}
    tp = links & truth
    p = len(tp) / len(links) if links else 0.0
    rc = len(tp) / len(truth) if truth else 0.0
    f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
    bands = Counter(pairs.values())
    listed_true = len(truth & set(pairs))

    print(
        f"incoming {len(kinds)}, true pairs {len(truth)}, pairs listed {len(pairs)} ({dict(bands)})"
    )
    print(
        f"links {len(links)}  true {len(tp)}  false {len(links) - len(tp)}  "
        f"missed {len(truth) - len(tp)}"
    )
    print(f"precision {p:.4f}  recall {rc:.4f}  F1 {f1:.4f}")
    print(
        f"certain: {len(certain)} pairs, precision {pct(len(certain & truth), len(certain))}, "
        f"recall {pct(len(certain & truth), len(truth))}"
    )
    print(f"true pairs listed at any band (possible too): {pct(listed_true, len(truth))}")

    # false links, by the kind of the incoming record
    by_kind: Counter[str] = Counter()
    by_kind_rel: Counter[str] = Counter()
    by_kind_certain: Counter[str] = Counter()
    people_linked: dict[str, set[str]] = {}
    totals = Counter(k for k, _, _ in kinds.values())
    for i, e in links - truth:
        kind, _detail, rel = kinds.get(i, ("unknown", "", ""))
        if kind == "reapp":
            kind = "reapp (to another account)"
        by_kind[kind] += 1
        by_kind_rel[kind] += e == rel and bool(rel)
        by_kind_certain[kind] += pairs[i, e] == "certain"
        people_linked.setdefault(kind, set()).add(i)
    print("\nfalse links by kind of incoming record")
    print(f"  {'kind':28} {'records':>7} {'linked':>7} {'pairs':>6} {'to rel.':>7} {'certain':>7}")
    for kind in sorted(by_kind, key=lambda k: -by_kind[k]):
        total = totals.get(kind, totals.get("reapp", 0) if kind.startswith("reapp") else 0)
        print(
            f"  {kind:28} {total:7} {len(people_linked[kind]):7} {by_kind[kind]:6} "
            f"{by_kind_rel[kind]:7} {by_kind_certain[kind]:7}"
        )
    if not by_kind:
        print("  none")
    print("  ('to rel.': the link is to the account holder the record was made beside)")

    # missed links, by corruption label of the re-application
    label_total: Counter[str] = Counter()
    label_missed: Counter[str] = Counter()
    label_unlisted: Counter[str] = Counter()
    for i, e in truth:
        labels = kinds.get(i, ("", "unknown", ""))[1].split("|")
        for lab in labels:
            label_total[lab] += 1
            if (i, e) not in links:
                label_missed[lab] += 1
                if (i, e) not in pairs:
                    label_unlisted[lab] += 1
    print("\nmissed links by corruption (a pair can carry several labels)")
    print(f"  {'label':20} {'pairs':>6} {'missed':>6} {'unlisted':>8}")
    for lab in sorted(label_total, key=lambda k: (-label_missed[k], k)):
        print(f"  {lab:20} {label_total[lab]:6} {label_missed[lab]:6} {label_unlisted[lab]:8}")
    print("  ('unlisted': not even at 'possible')")
    return 0


if __name__ == "__main__":
    sys.exit(main())
