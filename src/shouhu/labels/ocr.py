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

MAX_PIXELS = 40_000_000  # refuse decompression bombs before they reach the model
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


def decode(data: bytes) -> Any:
    """bytes -> RGB numpy array, or LabelInputError for anything that is not a readable PNG/JPEG."""
    import numpy as np
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            if fmt not in ("PNG", "JPEG"):
                raise LabelInputError(
                    "image.format",
                    f"不支持的图片格式：{fmt}（仅支持PNG、JPEG）",
                    f"unsupported image format {fmt} (PNG or JPEG only)",
                )
            if probe.width * probe.height > MAX_PIXELS:
                raise LabelInputError("image.too_large", "图片像素过大", "image has too many pixels")
            probe.verify()
        with Image.open(io.BytesIO(data)) as img:
            return np.asarray(img.convert("RGB"))
    except LabelInputError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
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
