"""Label images -> text with rapidocr-onnxruntime (PP-OCRv4 models ship inside the wheel: nothing is
downloaded at run time). The engine loads once per process (~1 s) and is reused.

Text boxes are regrouped into lines by vertical overlap and read left to right, so a caption and its value
printed side by side ("配料：" | "大米粉、…") end up on one line, as the parser expects.
"""

from __future__ import annotations

import functools
import io
import threading
import time
from dataclasses import dataclass
from typing import Any

from shouhu.labels.model import LabelInputError

MAX_PIXELS = 40_000_000  # refuse decompression bombs by their header, before a pixel is decoded
# What OCR needs: the detector works at <= 2000 px a side anyway, so beyond ~8 MP more pixels cost memory
# and time, not readings. A long listing image (750x5000 = 3.75 MP) is kept at full resolution; a
# 6300x6300 photo of a page is shrunk to ~2830x2830 before the model sees it (1.3 GB -> ~250 MB peak).
OCR_PIXELS = 8_000_000
_LOCK = threading.Lock()


@dataclass(frozen=True)
class OcrLine:
    text: str
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in image pixels
    score: float
    start: int = 0  # where this box's text sits in OcrText.text: maps a finding's span onto the image
    end: int = 0


@dataclass(frozen=True)
class OcrText:
    text: str
    lines: tuple[OcrLine, ...]
    width: int
    height: int
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "engine": "rapidocr-onnxruntime",
            "width": self.width,
            "height": self.height,
            "seconds": round(self.seconds, 3),
            "lines": [
                {
                    "text": ln.text,
                    "box": list(ln.box),
                    "score": round(ln.score, 3),
                    "start": ln.start,
                    "end": ln.end,
                }
                for ln in self.lines
            ],
        }


def make_engine(threads: int | None = None) -> Any:
    """A RapidOCR engine with the settings this checker is measured with (`threads`: onnxruntime's
    intra-op threads; None lets it use every core).

    - One text line per recognition call (`rec_batch_num=1`): a batch pads every line to its widest
      member, so a line's reading depended on its neighbours, and padding cost CPU. On the 1000x1500
      test labels, one thread, alternating in one run (bench/labels_bench.py): 0.93-0.99x the CPU of
      batches of 2, 0.65-0.79x of RapidOCR's defaults (batches of 6 with the angle classifier).
    - Detection runs at full resolution. RapidOCR 1.4.4's `det_limit_type="max"` ignores
      `det_limit_side_len` (it picks 2000 for any image of 1500 px or more), and a fixed downscale would
      lose the small print of long listing images (750x5000 and more).
    """
    from rapidocr_onnxruntime import RapidOCR

    kwargs: dict[str, Any] = {"rec_batch_num": 1}
    if threads is not None:
        kwargs |= {"intra_op_num_threads": threads, "inter_op_num_threads": 1}
    return RapidOCR(**kwargs)


@functools.cache
def _engine() -> Any:
    return make_engine()


def probe(data: bytes) -> tuple[str, int, int]:
    """(format, width, height) from the image header alone, or LabelInputError: an unsupported format, a
    header announcing more than MAX_PIXELS, or a file that is not an image. No pixel is decoded here, so
    this is cheap enough to run on the request before any work is queued."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            fmt, width, height = img.format, img.width, img.height
            if fmt not in ("PNG", "JPEG"):
                raise LabelInputError(
                    "image.format",
                    f"不支持的图片格式：{fmt}（仅支持PNG、JPEG）",
                    f"unsupported image format {fmt} (PNG or JPEG only)",
                )
            if width * height > MAX_PIXELS:
                raise LabelInputError("image.too_large", "图片像素过大", "image has too many pixels")
            img.verify()  # chunk structure and checksums, without decoding the pixels
    except LabelInputError:
        raise
    except Image.DecompressionBombError as exc:  # Pillow's own header check (> 179 MP) came first
        raise LabelInputError("image.too_large", "图片像素过大", "image has too many pixels") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise LabelInputError(
            "image.unreadable", "图片无法读取或已损坏", f"the image cannot be read ({exc})"
        ) from exc
    return str(fmt), int(width), int(height)


def ocr_size(width: int, height: int) -> tuple[int, int]:
    """The size an image is read at: unchanged up to OCR_PIXELS, else shrunk to about that many."""
    if width * height <= OCR_PIXELS:
        return width, height
    scale = (OCR_PIXELS / (width * height)) ** 0.5
    return max(1, int(width * scale)), max(1, int(height * scale))


def decode(data: bytes) -> Any:
    """bytes -> RGB numpy array at the size OCR needs, or LabelInputError for anything that is not a
    readable PNG/JPEG. The header is checked first (`probe`); a JPEG is then decoded already reduced
    (`draft`: the decoder skips the detail it would throw away), a PNG decoded and shrunk at once."""
    import numpy as np
    from PIL import Image

    _, width, height = probe(data)
    target = ocr_size(width, height)
    try:
        with Image.open(io.BytesIO(data)) as img:
            if target != (width, height):
                img.draft("RGB", target)  # JPEG only (a no-op for PNG): decode at 1/2, 1/4 or 1/8
                img = img.convert("RGB")
                img.thumbnail(target, Image.Resampling.LANCZOS, reducing_gap=2.0)
                return np.asarray(img)
            return np.asarray(img.convert("RGB"))
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise LabelInputError(
            "image.unreadable", "图片无法读取或已损坏", f"the image cannot be read ({exc})"
        ) from exc


def read_image(data: bytes) -> OcrText:
    """Run OCR on a PNG/JPEG image and return its text in reading order."""
    return recognise(decode(data))


def recognise(arr: Any) -> OcrText:
    """OCR of an RGB array (a decoded image, a rendered PDF page): text in reading order, with boxes."""
    started = time.perf_counter()
    with _LOCK:  # onnxruntime sessions are shared; keep one call at a time per process
        # no angle classifier: labels and screenshots are upright, and it costs ~15% of the time
        result, _ = _engine()(arr, use_cls=False)
    seconds = time.perf_counter() - started
    boxes = []
    for box, text, score in result or []:
        xs = [p[0] for p in box]
        ys = [p[1] for p in box]
        boxes.append(
            OcrLine(str(text), (int(min(xs)), int(min(ys)), int(max(xs)), int(max(ys))), float(score))
        )
    parts: list[str] = []
    flat: list[OcrLine] = []
    pos = 0
    for i, line in enumerate(_group_lines(boxes)):
        if i:
            parts.append("\n")
            pos += 1
        for j, b in enumerate(line):
            if j:
                parts.append(" ")
                pos += 1
            flat.append(OcrLine(b.text, b.box, b.score, pos, pos + len(b.text)))
            parts.append(b.text)
            pos += len(b.text)
    text = "".join(parts)
    return OcrText(
        text=text, lines=tuple(flat), width=int(arr.shape[1]), height=int(arr.shape[0]), seconds=seconds
    )


def _group_lines(boxes: list[OcrLine]) -> list[list[OcrLine]]:
    """Boxes whose vertical centres fall inside one another's height are one line."""
    rows: list[list[OcrLine]] = []
    for b in sorted(boxes, key=lambda b: (b.box[1] + b.box[3]) / 2):
        centre = (b.box[1] + b.box[3]) / 2
        if rows:
            last = rows[-1]
            top = min(x.box[1] for x in last)
            bottom = max(x.box[3] for x in last)
            if top <= centre <= bottom:
                last.append(b)
                continue
        rows.append([b])
    return [sorted(r, key=lambda b: b.box[0]) for r in rows]
