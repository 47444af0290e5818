"""Write one labelled set of generator B.

    python -m bench.generated_b.make --existing 100000 --incoming 10000 --seed 1 --out DIR
    python bench/generated_b/make.py ...     # the same, by path

Files written into DIR: existing.csv, incoming.csv (the headers ``python -m app match``
reads), truth.csv (incoming_id, existing_id, changes), incoming_kinds.csv (incoming_id, kind,
existing_id, detail) and existing_households.csv (existing_id, household). Knobs
(people.Knobs) are set with ``--knob name=value``, e.g. ``--knob duplicate=0.2``.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import fields
from pathlib import Path

if __package__ in (None, ""):  # run by path: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "bench.generated_b"

from bench.generated_b.people import Knobs, write


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--existing", type=int, default=10000, help="existing records (N)")
    parser.add_argument("--incoming", type=int, default=2000, help="incoming records (M)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="directory to write")
    parser.add_argument(
        "--knob",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a share of people.Knobs: " + ", ".join(f.name for f in fields(Knobs)),
    )
    args = parser.parse_args(argv)
    values: dict[str, float] = {}
    known = {f.name for f in fields(Knobs)}
    for item in args.knob:
        name, _, value = item.partition("=")
        if name not in known:
            parser.error(f"unknown knob {name!r} (known: {', '.join(sorted(known))})")
        values[name] = float(value)
    start = time.perf_counter()
    counts = write(
        args.out,
        args.existing,
        args.incoming,
        seed=args.seed,
        knobs=Knobs(**values),
        progress=lambda text: print(f"  {time.perf_counter() - start:6.1f}s {text}"),
    )
    kinds = ", ".join(f"{k} {v}" for k, v in counts.kinds.items())
    print(f"wrote {args.out} in {time.perf_counter() - start:.1f}s: incoming kinds {kinds}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
