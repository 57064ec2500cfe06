"""Speed of the label checker: text labels per second on one core, and OCR time per label image.

    .venv/bin/python bench/labels_bench.py [--seconds 5] [--ocr-runs 5]

Text: every corpus text (full labels and listings), checked in a loop in one process pinned to one CPU.
OCR: the 1000x1500 images in tests/data/labels, after one warm-up call (model loading, ~1-5 s, is once per
process); onnxruntime may use all cores for one image. PDF: the label proofs there (text layer; outlined).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from datetime import date
from pathlib import Path

from shouhu.labels import check_label

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "labels"
AS_OF = date(2026, 11, 23)


def texts() -> list[dict]:
    rows = []
    for p in sorted(DATA.glob("corpus_*.jsonl")):
        rows += [json.loads(x) for x in p.read_text("utf-8").splitlines() if x.strip()]
    return rows


def bench_text(seconds: float) -> dict:
    rows = texts()
    for r in rows:  # warm caches (lexicon, rules, regexes)
        check_label(r["text"], as_of=AS_OF)
    # every text checked is unique (a batch number appended), so no cache can answer from a previous round
    n, chars, round_ = 0, 0, 0
    cpu0 = time.process_time()
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        round_ += 1
        for r in rows:
            text = f"{r['text']}\n批号：{round_:06d}"
            check_label(text, as_of=AS_OF)
            chars += len(text)
        n += len(rows)
    el = time.perf_counter() - started
    cpu = time.process_time() - cpu0
    full = [r for r in rows if r["kind"] == "label"]
    t0, c0 = time.perf_counter(), time.process_time()
    for i in range(5):
        for r in full:
            check_label(f"{r['text']}\n批号：X{i:05d}", as_of=AS_OF)
    full_rate = 5 * len(full) / (time.perf_counter() - t0)
    full_cpu_rate = 5 * len(full) / (time.process_time() - c0)
    return {
        "texts": n,
        "seconds": round(el, 2),
        "labels_per_s": round(n / el),
        "labels_per_cpu_s": round(n / cpu),  # what one uncontended core does
        "full_labels_per_s": round(full_rate),
        "full_labels_per_cpu_s": round(full_cpu_rate),
        "mean_chars": round(chars / n),
        "mean_full_label_chars": round(sum(len(r["text"]) for r in full) / len(full)),
    }


def bench_batch(n: int, out: Path) -> dict:
    """A regulator's sweep: n listings through `sweep`, then the HTML and Excel reports."""
    from shouhu.labels.batch import sweep
    from shouhu.labels.report import write_html, write_xlsx

    listings = [r["text"] for r in texts() if r["kind"] == "listing"]
    rows = [{"id": str(i), "text": f"{listings[i % len(listings)]} 店铺{i}"} for i in range(n)]
    t0, c0 = time.perf_counter(), time.process_time()
    results, summary = sweep(rows, as_of=AS_OF)
    t1, c1 = time.perf_counter(), time.process_time()
    out.mkdir(parents=True, exist_ok=True)
    write_html(out / "summary.html", results, summary)
    write_xlsx(out / "summary.xlsx", results, summary)
    t2 = time.perf_counter()
    return {
        "listings": n,
        "check_s": round(t1 - t0, 2),
        "check_cpu_s": round(c1 - c0, 2),
        "listings_per_s": round(n / (t1 - t0)),
        "reports_s": round(t2 - t1, 2),
        "rows_with_findings": summary.rows_with_findings,
    }


def bench_cli_batch(n: int, out: Path) -> dict:
    """`shouhu labels batch` on n listings (JSONL) in a child process: start-up, reading, checking and the
    four reports (results.jsonl, summary.json/html/xlsx), wall clock and the child's CPU. Baseline in the
    same run: the xlsx report with the previous row-append (each row read back with `ws[ws.max_row]`,
    which scans the whole sheet), on the same results."""
    import resource
    import subprocess
    import sys

    listings = [r["text"] for r in texts() if r["kind"] == "listing"]
    src = out / "listings.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(
                json.dumps(
                    {"id": str(i), "text": f"{listings[i % len(listings)]} 店铺{i}"}, ensure_ascii=False
                )
                + "\n"
            )
    cmd = [sys.executable, "-m", "shouhu.labels.cli", "batch", str(src), "--as-of", AS_OF.isoformat()]
    cmd += ["--out", str(out / "cli"), "--no-progress"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # baseline: the old append on the first 1,000 rows' results
    from shouhu.codes import cells
    from shouhu.labels.batch import sweep
    from shouhu.labels.report import write_xlsx

    def old_append(ws, values):
        ws.append(cells.row(values))
        for c in ws[ws.max_row]:
            if isinstance(c.value, str):
                c.data_type = "s"

    rows = [{"id": str(i), "text": f"{listings[i % len(listings)]} 店铺{i}"} for i in range(min(n, 1000))]
    results, summary = sweep(rows, as_of=AS_OF)
    import shouhu.labels.report as report_mod

    timings = {}
    for name, fn in (("old", old_append), ("new", cells.xlsx_append)):
        report_mod.xlsx_append = fn
        t = time.perf_counter()
        write_xlsx(out / f"{name}.xlsx", results, summary)
        timings[name] = time.perf_counter() - t
    report_mod.xlsx_append = cells.xlsx_append
    return {
        "listings": n,
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "listings_per_s": round(n / wall),
        "listings_per_cpu_s": round(n / cpu) if cpu else None,
        "xlsx_1000_rows_s": round(timings["new"], 2),
        "xlsx_1000_rows_old_append_s": round(timings["old"], 2),
    }


def bench_ocr(runs: int) -> dict:
    from shouhu.labels.ocr import read_image

    images = sorted(p for p in DATA.iterdir() if p.suffix in (".png", ".jpg"))
    t0 = time.perf_counter()
    read_image(images[0].read_bytes())
    warm = time.perf_counter() - t0
    per_image = {}
    for p in images:
        data = p.read_bytes()
        times, cpus = [], []
        for _ in range(runs):
            t, c = time.perf_counter(), time.process_time()
            check_label(data, as_of=AS_OF)
            times.append(time.perf_counter() - t)
            cpus.append(time.process_time() - c)
        per_image[p.name] = {
            "min_s": round(min(times), 2),
            "median_s": round(statistics.median(times), 2),
            "cpu_s": round(statistics.median(cpus), 2),  # all onnxruntime threads together
        }
    return {"first_call_s": round(warm, 2), "images": per_image}


def bench_pdf(runs: int) -> dict:
    """Label proofs: a PDF with a text layer (no OCR) and one whose text is outlined (rendered + OCR)."""
    out = {}
    for p in sorted(DATA.glob("*.pdf")):
        data = p.read_bytes()
        check_label(data, as_of=AS_OF)  # warm (OCR model, fonts)
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            check_label(data, as_of=AS_OF)
            times.append(time.perf_counter() - t)
        out[p.name] = {"median_s": round(statistics.median(times), 3), "min_s": round(min(times), 3)}
    return out


def bench_ocr_one_thread(runs: int) -> dict:
    """OCR alone with one onnxruntime thread: ours, the previous setting (recognition in pairs) and
    RapidOCR's defaults, in the same run.

    CPU seconds of one thread do not count spinning helper threads; runs alternate between the two
    engines so that drift on a shared machine hits both alike, and the ratio is the figure to trust.
    """
    import numpy as np
    from PIL import Image
    from rapidocr_onnxruntime import RapidOCR

    from shouhu.labels.ocr import make_engine

    ours = make_engine(threads=1)
    # the previous setting (recognition in pairs, until 2026-12-01) and the library's defaults (batches of
    # 6, angle classifier on)
    pairs = RapidOCR(rec_batch_num=2, intra_op_num_threads=1, inter_op_num_threads=1)
    default = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)
    engines = {
        "ours": (ours, {"use_cls": False}),
        "pairs": (pairs, {"use_cls": False}),
        "default": (default, {}),
    }
    images = sorted(p for p in DATA.iterdir() if p.suffix in (".png", ".jpg"))
    arrays = {p.name: np.asarray(Image.open(p).convert("RGB")) for p in images}
    for eng, kw in engines.values():
        eng(arrays[images[0].name], **kw)
    out = {}
    for name, arr in arrays.items():
        cpus: dict[str, list[float]] = {k: [] for k in engines}
        for _ in range(runs):
            for key, (eng, kw) in engines.items():
                c = time.process_time()
                eng(arr, **kw)
                cpus[key].append(time.process_time() - c)
        out[name] = {
            "cpu_min_s": round(min(cpus["ours"]), 2),
            "cpu_median_s": round(statistics.median(cpus["ours"]), 2),
            "default_cpu_median_s": round(statistics.median(cpus["default"]), 2),
            "ours_vs_pairs": round(statistics.median(cpus["ours"]) / statistics.median(cpus["pairs"]), 2),
            "ours_vs_default": round(statistics.median(cpus["ours"]) / statistics.median(cpus["default"]), 2),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--ocr-runs", type=int, default=5)
    ap.add_argument("--no-ocr", action="store_true")
    ap.add_argument("--batch", type=int, default=10_000, help="listings in the sweep benchmark (0: skip)")
    args = ap.parse_args(argv)
    cpus = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(cpus)})  # text: one core
    out = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    }
    out["text"] = bench_text(args.seconds)
    if args.batch:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            out["batch"] = bench_batch(args.batch, Path(tmp))
            out["cli_batch"] = bench_cli_batch(args.batch, Path(tmp))
    os.sched_setaffinity(0, cpus)
    if not args.no_ocr:
        out["ocr"] = bench_ocr(args.ocr_runs)
        out["pdf"] = bench_pdf(args.ocr_runs)
        out["ocr_one_thread"] = bench_ocr_one_thread(args.ocr_runs)
    out["load_average"] = os.getloadavg()
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
