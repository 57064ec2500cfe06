"""How long the upload-time listing checks (`labels.batch.check_listing`) take on the largest sweep an
upload may hold (100,000 rows), against reading the same text with `csv.reader` as the baseline, in one run.

    PYTHONPATH=src python bench/listing_check_bench.py [rows]
"""

from __future__ import annotations

import csv
import io
import sys
import time

from shouhu.labels import batch, inputs


def _old_looks_binary(text: str) -> bool:  # the per-character loop check_listing replaced (for the figure)
    controls = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\n\r\t\f\v") or 0x7F <= ord(ch) < 0xA0)
    return controls / len(text) > 0.02


def main(rows: int = batch.MAX_SWEEP_ROWS) -> None:
    line = "{},婴儿米粉,婴儿米粉 配料：大米 产品标准代号：GB 10769\n"
    data = ("id,title,text\n" + "".join(line.format(i) for i in range(rows))).encode()
    text = data.decode()
    timings = {}
    for name, fn in (
        ("baseline: csv.reader over the text", lambda: sum(1 for _ in csv.reader(io.StringIO(text)))),
        ("binary test, per-character loop (before)", lambda: _old_looks_binary(text)),
        ("binary test, regex (now)", lambda: inputs._looks_binary(text)),
        ("check_listing (decode, binary test, rows, columns)", lambda: batch.check_listing(data, ".csv")),
    ):
        t0 = time.perf_counter()
        fn()
        timings[name] = time.perf_counter() - t0
    print(f"{rows} rows, {len(data) / 1e6:.1f} MB")
    for name, took in timings.items():
        print(f"  {name:55} {took:6.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else batch.MAX_SWEEP_ROWS)
