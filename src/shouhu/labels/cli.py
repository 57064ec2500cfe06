"""`shouhu labels ...` — runs without Django.

    shouhu labels check FILE... [--json] [--as-of DATE] [--category 3001|3002|3003] [--skip PREFIX]
    shouhu labels batch LISTINGS.csv|.jsonl|.xlsx [--as-of DATE] [--out DIR] [--text-column COL]... [--all-checks]

Exit status: 0 nothing found, 1 findings, 2 some input could not be checked (the others still are).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from shouhu.labels.check import check_label
from shouhu.labels.inputs import read_file
from shouhu.labels.model import LabelInputError


def _date(s: str) -> date:
    try:
        return date.fromisoformat(s)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {s}") from exc


def check_file(path: str, *, as_of: date, category: str | None, skip: tuple[str, ...]) -> dict[str, Any]:
    """One file -> {"file", "findings", "error", ...}; never raises for bad input."""
    out: dict[str, Any] = {"file": path, "findings": [], "error": None}
    try:
        inp = read_file(path)
        res = check_label(inp.payload, as_of=as_of, category=category or inp.category, skip=skip)
    except LabelInputError as exc:
        out["error"] = exc.to_dict()
        return out
    d = res.to_dict()
    out["findings"] = d["findings"]
    out.update(
        {k: d[k] for k in ("category", "category_source", "source", "as_of", "fields", "text", "rules")}
    )
    if "ocr" in d:
        out["ocr"] = d["ocr"]  # boxes with their offsets in "text": findings can be drawn on the image
    return out


def _print_human(results: list[dict[str, Any]]) -> None:
    for r in results:
        print(f"== {r['file']}")
        if r["error"]:
            print(
                f"  ERROR {r['error']['code']}: {r['error']['message']['zh']} / {r['error']['message']['en']}"
            )
            continue
        if not r["findings"]:
            print("  ok")
        for f in r["findings"]:
            where = f" [{f['span']['start']}:{f['span']['end']}]" if f["span"] else ""
            print(f"  {f['severity']:7} {f['code']}{where}  {f['message']['zh']}")
            print(f"          {f['message']['en']}")
            print(f"          依据: {f['basis']['citation']} ({f['basis']['rule_id']})")


def cmd_check(args: argparse.Namespace) -> int:
    skip = tuple(args.skip or ())
    results = [check_file(p, as_of=args.as_of, category=args.category, skip=skip) for p in args.files]
    if args.json:
        json.dump(results, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _print_human(results)
    if any(r["error"] for r in results):
        return 2
    return 1 if any(r["findings"] for r in results) else 0


def cmd_batch(args: argparse.Namespace) -> int:
    from shouhu.labels.batch import LISTING_SKIP, read_rows, sweep
    from shouhu.labels.report import write_html, write_xlsx

    src = Path(args.input)
    try:
        rows = list(read_rows(src))
    except (OSError, LabelInputError) as exc:
        print(f"error: cannot read {src}: {exc}", file=sys.stderr)
        return 2
    skip = () if args.all_checks else LISTING_SKIP
    results, summary = sweep(
        rows,
        as_of=args.as_of,
        text_columns=args.text_column,
        category_column=args.category_column,
        skip=skip,
        progress=not args.no_progress,
        total=len(rows),
    )
    out = Path(args.out or src.with_suffix("").as_posix() + "-labels")
    out.mkdir(parents=True, exist_ok=True)
    with (out / "results.jsonl").open("w", encoding="utf-8") as fh:
        for r in results:
            fh.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
    (out / "summary.json").write_text(
        json.dumps(summary.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8"
    )
    write_html(out / "summary.html", results, summary)
    write_xlsx(out / "summary.xlsx", results, summary)
    s = summary.to_dict()
    print(
        f"{s['rows']} rows, {s['rows_with_findings']} with findings, {s['rows_with_errors']} errors -> {out}/"
        " (results.jsonl, summary.json, summary.html, summary.xlsx)"
    )
    for code, n in s["rows_by_code"].items():
        print(f"  {code:36} {n}")
    return 1 if s["rows_with_findings"] else 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="shouhu labels", description="标签标识审查 label compliance checker")
    sub = ap.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="check label files (.txt, .json, .png, .jpg, .pdf)")
    c.add_argument("files", nargs="+", metavar="FILE")
    c.add_argument("--json", action="store_true", help="print a JSON array, one object per file")
    c.add_argument("--as-of", type=_date, default=date.today(), help="check date (default: today)")
    c.add_argument("--category", choices=["3001", "3002", "3003"], help="product category, if known")
    c.add_argument("--skip", action="append", metavar="PREFIX", help="drop findings whose code starts so")
    c.set_defaults(func=cmd_check)
    b = sub.add_parser(
        "batch",
        help="sweep online listings from CSV, JSONL or Excel (.xlsx); writes HTML and Excel summaries",
    )
    b.add_argument("input", metavar="LISTINGS")
    b.add_argument("--as-of", type=_date, default=date.today())
    b.add_argument("--out", help="output directory (default: <input>-labels/)")
    b.add_argument(
        "--text-column",
        action="append",
        help="column(s) holding the listing text (default: text/title/description...)",
    )
    b.add_argument("--category-column", default="category")
    b.add_argument("--all-checks", action="store_true", help="also report missing mandatory label elements")
    b.add_argument("--no-progress", action="store_true")
    b.set_defaults(func=cmd_batch)
    return ap


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
