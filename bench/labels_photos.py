"""Does OCR survive photos? Each test label image, degraded like a phone photo of the printed label, must
give the same findings as its clean render.

    .venv/bin/python bench/labels_photos.py

Variants: tilt, shrink, blur, uneven light on tinted paper, sensor noise and JPEG loss, from mild to the
hardest one (which tests/labels/test_labels_ocr.py also runs). Prints one line per image and variant.
"""

from __future__ import annotations

import io
import json
import sys
from datetime import date
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "labels"

# (tilt degrees, scale, blur radius, noise sigma, JPEG quality, light at the far edge)
VARIANTS = [
    (1.5, 1.0, 0.8, 6, 70, 0.85),
    (3.0, 0.8, 1.0, 10, 55, 0.75),
    (-4.0, 0.7, 1.2, 12, 50, 0.70),  # the hardest: the test's variant
]
HARDEST = VARIANTS[-1]


def photo_like(png: bytes, variant: tuple = HARDEST, seed: int = 7) -> bytes:
    """A seeded phone-photo copy of a label image (same bytes for the same inputs)."""
    import numpy as np
    from PIL import Image, ImageFilter

    tilt, scale, blur, noise, quality, light = variant
    img = Image.open(io.BytesIO(png)).convert("RGB")
    img = img.rotate(tilt, resample=Image.BICUBIC, expand=True, fillcolor=(235, 228, 215))
    if scale != 1:
        img = img.resize((int(img.width * scale), int(img.height * scale)), Image.LANCZOS)
    a = np.asarray(img.filter(ImageFilter.GaussianBlur(blur))).astype(np.float32)
    a *= np.linspace(1.0, light, a.shape[1])[None, :, None] * np.array([1.0, 0.97, 0.9])
    a += np.random.default_rng(seed).normal(0, noise, a.shape)
    out = io.BytesIO()
    Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).save(out, "JPEG", quality=quality)
    return out.getvalue()


def main() -> int:
    from shouhu.labels import check_label

    manifest = [m for m in json.loads((DATA / "images.json").read_text("utf-8")) if "pdf" not in m]
    same = 0
    for meta in manifest:
        png = (DATA / meta["file"]).read_bytes()
        for variant in VARIANTS:
            res = check_label(photo_like(png, variant), as_of=date.fromisoformat(meta["as_of"]))
            ok = sorted(res.codes) == meta["expected"]
            same += ok
            verdict = "same findings" if ok else f"DIFFERENT {sorted(res.codes)} != {meta['expected']}"
            print(f"{meta['file']:28} {variant}  {verdict}  ocr {res.ocr['seconds']:.2f} s")
    total = len(manifest) * len(VARIANTS)
    print(f"{same} of {total} photo variants gave the same findings as the clean render")
    return 0 if same == total else 1


if __name__ == "__main__":
    sys.exit(main())
