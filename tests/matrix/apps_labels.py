"""Label checks and listing sweeps (标签审查) in the matrix: a check belongs to its enterprise (or to the
regulator's jurisdiction), a sweep to the regulator's jurisdiction."""

from __future__ import annotations

from matrix_core import ADMIN, ALL, INSP, JADM, REGULATORS, Multipart, Op, P, Upload
from matrix_world import LABEL_PDF

SWEEP = frozenset({INSP, JADM, ADMIN})  # labels.sweep
SWEEP_VIEW = REGULATORS | {ADMIN}  # a sweep is seen inside its jurisdiction


OPS = [
    Op(
        "POST",
        "/labels/checks",
        ALL,
        201,
        body=lambda w: {"text": "婴幼儿米粉 配料：大米", "category": "3001"},
        targets=False,
    ),
    Op("GET", "/labels/checks", ALL, targets=False),
    Op(
        "POST",
        "/labels/checks/image",
        ALL,
        202,  # OCR runs off the request (issue 12): accepted, with a status URL
        body=lambda w: Multipart(
            {"image": Upload("proof.pdf", LABEL_PDF.read_bytes()), "as_of": "2026-11-23"}
        ),
        targets=False,
    ),
    Op("GET", "/labels/checks/{check_id}", ALL),
    # a queued image check is its queuer's alone (A's principal, `matrix_world._labels`): anyone else,
    # A's other staff included, finds no such job
    Op("GET", "/labels/checks/jobs/{job_id}", frozenset({P}), denied=404),
    Op(
        "POST",
        "/labels/sweeps",
        SWEEP,
        202,
        body=lambda w: Multipart({"file": Upload("listings.csv", "id,title,text\n1,米粉,大米\n".encode())}),
        targets=False,
    ),
    # enterprise staff list no sweeps (an empty list) and find none (404: a sweep is a regulator's)
    Op("GET", "/labels/sweeps", ALL, targets=False, shows=SWEEP_VIEW),
    Op("GET", "/labels/sweeps/{sweep_id}", SWEEP_VIEW, denied=404),
    Op("GET", "/labels/sweeps/{sweep_id}/report.xlsx", SWEEP_VIEW, denied=404),
    Op("GET", "/labels/sweeps/{sweep_id}/report.html", SWEEP_VIEW, denied=404),
]
