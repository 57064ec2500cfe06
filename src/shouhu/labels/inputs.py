"""Read one input file into something `check_label` accepts, or a clear LabelInputError for that file.

Kinds: .txt (UTF-8, UTF-8 with BOM or GB18030), .json (a field mapping, or {"text"| "fields", "category"}),
.png/.jpg/.jpeg (OCR), .pdf (a label proof: its text layer, else OCR). The content decides, not only the
extension: a PNG named .txt is still an image.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shouhu.labels.model import LabelInputError
from shouhu.labels.pdf import is_pdf

MAX_TEXT_BYTES = 1_000_000  # "text over 1 MB" is refused
MAX_IMAGE_BYTES = 20_000_000
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")
IMAGE_EXT = {".png", ".jpg", ".jpeg"}


@dataclass(frozen=True)
class LabelInput:
    payload: str | bytes | dict[str, Any]
    category: str | None = None


def read_file(path: str | Path) -> LabelInput:
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError as exc:
        raise LabelInputError("file.not_found", "文件不存在", "file not found") from exc
    except IsADirectoryError as exc:
        raise LabelInputError("file.is_directory", "路径是目录而不是文件", "path is a directory") from exc
    except OSError as exc:
        raise LabelInputError(
            "file.unreadable", "文件无法读取", f"file cannot be read ({exc.strerror})"
        ) from exc
    return read_bytes(data, suffix=p.suffix.lower())


def read_bytes(data: bytes, *, suffix: str = "") -> LabelInput:
    if not data:
        raise LabelInputError("input.empty", "文件为空", "the file is empty")
    if is_pdf(data) or suffix == ".pdf":
        if len(data) > MAX_IMAGE_BYTES:
            raise LabelInputError("pdf.too_large", "PDF文件超过20MB", "the PDF is over 20 MB")
        if not is_pdf(data):
            raise LabelInputError("pdf.unreadable", "文件不是可读取的PDF", "not a readable PDF")
        return LabelInput(bytes(data))
    if data.startswith(IMAGE_MAGIC) or suffix in IMAGE_EXT:
        if len(data) > MAX_IMAGE_BYTES:
            raise LabelInputError("image.too_large", "图片文件超过20MB", "image file is over 20 MB")
        if not data.startswith(IMAGE_MAGIC):
            raise LabelInputError(
                "image.unreadable", "文件不是可读取的PNG或JPEG图片", "not a readable PNG or JPEG image"
            )
        return LabelInput(bytes(data))
    if len(data) > MAX_TEXT_BYTES:
        raise LabelInputError(
            "input.too_large", f"文本超过1MB（{len(data)}字节）", f"text is over 1 MB ({len(data)} bytes)"
        )
    text = decode_text(data)
    if suffix == ".json" or (suffix != ".txt" and text.lstrip().startswith("{")):
        return _from_json(text)
    if not text.strip():
        raise LabelInputError("input.empty", "文件没有文字内容", "the file has no text")
    return LabelInput(text)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030; binary content is refused, not guessed at."""
    if b"\x00" in data:
        raise LabelInputError(
            "input.binary", "文件是二进制内容，不是文本或图片", "binary content, not text or an image"
        )
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            break
        return text
    raise LabelInputError(
        "input.binary",
        "文件无法识别为文本（编码错误或二进制内容）",
        "not decodable as text (binary or unknown encoding)",
    )


_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # C0 and C1 controls but \t \n \v \f \r


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    controls = len(text) - len(_CONTROLS.sub("", text))  # in C: a listing file is megabytes of text
    return controls / len(text) > 0.02


def _from_json(text: str) -> LabelInput:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LabelInputError(
            "json.invalid",
            f"JSON格式错误（第{exc.lineno}行）",
            f"invalid JSON (line {exc.lineno}: {exc.msg})",
        ) from exc
    if not isinstance(data, dict) or not data:
        raise LabelInputError(
            "json.shape", "JSON应为非空对象（标签字段）", "JSON must be a non-empty object of label fields"
        )
    category = data.get("category")
    category = str(category) if category not in (None, "") else None
    if isinstance(data.get("text"), str):
        if not data["text"].strip():
            raise LabelInputError("input.empty", "text字段为空", "the text field is empty")
        return LabelInput(data["text"], category)
    fields = data.get("fields", {k: v for k, v in data.items() if k != "category"})
    if not isinstance(fields, dict) or not fields:
        raise LabelInputError("json.shape", "fields应为非空对象", "fields must be a non-empty object")
    return LabelInput(fields, category)
