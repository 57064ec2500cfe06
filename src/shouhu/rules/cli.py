"""`shouhu rules …`: the engine's queries on the command line (no Django).

    shouhu rules export --set xize-2017 --json
    shouhu rules applicable --profile p.json [--as-of 2026-06-01] --json
    shouhu rules release-items --profile p.json [--as-of DATE] --json
    shouhu rules diff xize-2017 xize-2017+overlay-2026 [--profiles DIR] [--a-dir D] [--b-dir D] --json
    shouhu rules search "营养包 微生物" [--limit 10] [--kinds article] [--json]
    shouhu rules show xize2017.table9.r3 | verdict.pass-score-rate [--as-of DATE] [--json]
    shouhu rules sampling --rule xize2017.table8.r1 1200 800 50000 10 10 [--json]
    shouhu rules sampling --n 5 --c 2 --m 1000 --M 10000 1200 800 50000 10 10
Exit status: 0 on success (also for a failed sampling plan, which is a result), 2 on bad input.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from shouhu.rules.diff import diff
from shouhu.rules.engine import DEFAULT_SETS, ProfileError, UnknownParameter, UnknownRule, engine
from shouhu.rules.loader import RuleSetError, load_set
from shouhu.rules.sampling import evaluate_sampling_plan


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="shouhu rules", description="Regulation as code: query the rule sets.")
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("export", help="the whole rule set")
    p.add_argument("--set", required=True, dest="set_id")
    p.add_argument("--json", action="store_true")

    for name, help_ in (
        ("applicable", "requirements that apply to a product profile"),
        ("release-items", "factory-release test items of a product profile"),
    ):
        p = sub.add_parser(name, help=help_)
        p.add_argument("--profile", required=True, type=Path)
        p.add_argument("--as-of", type=date.fromisoformat, default=None)
        p.add_argument("--sets", default="+".join(DEFAULT_SETS), help="set ids joined by '+'")
        p.add_argument("--json", action="store_true")

    p = sub.add_parser("show", help="one rule or parameter by id, with its citation")
    p.add_argument("id")
    p.add_argument("--as-of", type=date.fromisoformat, default=None)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("diff", help="compare two set compositions (set[+set][@date])")
    p.add_argument("a")
    p.add_argument("b")
    p.add_argument("--profiles", type=Path, default=None)
    p.add_argument(
        "--a-dir", type=Path, default=None, help="directory of sets for side A (default: packaged)"
    )
    p.add_argument(
        "--b-dir", type=Path, default=None, help="directory of sets for side B (default: packaged)"
    )
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("search", help="full-text search over the regulation text, with citations")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--kinds", default=None, help="comma-separated rule kinds to search (default: all text)")
    p.add_argument("--as-of", type=date.fromisoformat, default=None)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("sampling", help="evaluate a two- or three-class sampling plan")
    p.add_argument("values", nargs="+", type=float)
    p.add_argument("--rule", help="a micro_limit rule id (plan taken from the rule data)")
    p.add_argument("--n", type=int)
    p.add_argument("--c", type=int)
    p.add_argument("--m", type=float)
    p.add_argument("--M", type=float, default=None)
    p.add_argument("--json", action="store_true")
    return ap


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except BrokenPipeError:
        # output piped into e.g. `head`: not an error (Python docs, "Note on SIGPIPE")
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except (RuleSetError, ProfileError, UnknownRule, UnknownParameter, ValueError, OSError) as exc:
        msg = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        print(f"error: {msg}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    if args.command == "export":
        data = load_set(args.set_id).export()
        if args.json:
            _print_json(data)
        else:
            print(
                f"{data['id']} {data['version']} {data['title']}: {len(data['rules'])} rules, "
                f"{len(data['parameters'])} parameters"
            )
        return 0

    if args.command in ("applicable", "release-items"):
        profile = json.loads(args.profile.read_text(encoding="utf-8"))
        eng = engine(args.as_of, tuple(args.sets.split("+")))
        if args.command == "applicable":
            reqs = [r.to_dict() for r in eng.applicable(profile)]
            if args.json:
                _print_json({"as_of": eng.as_of.isoformat(), "count": len(reqs), "requirements": reqs})
            else:
                for r in reqs:
                    check = (
                        f"  [{r['check']['quantity']} {r['check']['operator']} {r['check']['value']:g} "
                        f"{r['check']['unit']}]"
                        if r["check"]
                        else ""
                    )
                    print(f"{r['id']}  {r['source']['cite']}  {r['scoring_part'] or '-'}{check}")
            return 0
        items = [t.to_dict() for t in eng.release_items(profile)]
        if args.json:
            _print_json({"as_of": eng.as_of.isoformat(), "count": len(items), "items": items})
        else:
            for t in items:
                print(f"{t['source']['cite']}  {t['name']}  {t['method']}  ({t['standard']})")
        return 0

    if args.command == "show":
        eng = engine(args.as_of)
        if args.id in eng.all_rules:
            data = {**eng.rule(args.id).public(), "in_force": eng.in_force(args.id)}
        else:
            data = {**eng.parameter(args.id).public(), "in_force": True}
        if args.json:
            _print_json(data)
        else:
            state = "in force" if data["in_force"] else "NOT in force"
            body = data.get("text") or json.dumps(data.get("value"), ensure_ascii=False)
            print(f"{data['id']}  ({state} on {eng.as_of})\n{data['source']['cite']}\n{body}")
        return 0

    if args.command == "diff":
        result = diff(args.a, args.b, args.profiles, a_dir=args.a_dir, b_dir=args.b_dir)
        if args.json:
            _print_json(result)
        else:
            for key in ("added", "removed"):
                for r in result[key]:
                    print(f"{'+' if key == 'added' else '-'} {r['id']}  {r['cite']}")
            for c in result["changed"]:
                print(f"~ {c['id']}  {', '.join(c['fields'])}")
            for p in result["profiles"]:
                print(f"profile {p['profile']}: +{len(p['added'])} -{len(p['removed'])} ~{len(p['changed'])}")
        return 0

    if args.command == "search":
        kinds = set(args.kinds.split(",")) if args.kinds else None
        hits = engine(args.as_of).search(args.query, args.limit, kinds)
        if args.json:
            _print_json([dataclasses.asdict(h) for h in hits])
        else:
            for h in hits:
                print(f"{h.score:7.3f}  {h.cite}\n         {h.snippet}")
        return 0

    # sampling
    if args.rule:
        outcome = engine().evaluate_micro(args.rule, args.values)
    else:
        if args.n is None or args.c is None or args.m is None:
            raise ValueError("give --rule, or --n, --c and --m (and --M for a three-class plan)")
        outcome = evaluate_sampling_plan(args.values, n=args.n, c=args.c, m=args.m, M=args.M)
    if args.json:
        _print_json(dataclasses.asdict(outcome))
    else:
        print(
            ("合格 PASS" if outcome.passed else "不合格 FAIL")
            + f"  {outcome.reason_zh} / {outcome.reason_en}"
        )
    return 0
