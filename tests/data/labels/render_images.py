"""Render label texts from the corpus as 1000x1500 PNG/JPEG images for the OCR tests and benchmark, and as
PDF proofs: one with a text layer (WeasyPrint), one whose text is only pixels (like outlined print text).

Needs a CJK TrueType font (Debian: fonts-wqy-microhei) and, for the text PDF, pango. Re-run after editing
the texts:
    .venv/bin/python tests/data/labels/render_images.py
"""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)
SIZE = (1000, 1500)

# (file name, corpus id, format, expected codes when checked as a label on the corpus date)
IMAGES = [
    ("label_clean_3001.png", "t001", "PNG"),
    ("label_claims_3001.png", "t024", "PNG"),
    ("label_honey_3001.jpg", "t037", "JPEG"),
    ("label_particulate_3002.png", "t049", "PNG"),
]


def font_path() -> str:
    for p in FONT_CANDIDATES:
        if Path(p).exists():
            return p
    raise SystemExit("no CJK font found: apt-get install -y fonts-wqy-microhei")


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for para in text.splitlines():
        cur = ""
        for ch in para:
            if font.getlength(cur + ch) > width:
                lines.append(cur)
                cur = ch
            else:
                cur += ch
        lines.append(cur)
    return lines


def render(text: str, path: Path, fmt: str) -> None:
    img = Image.new("RGB", SIZE, "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(font_path(), 30)
    y = 40
    for line in wrap(text, font, SIZE[0] - 80):
        draw.text((40, y), line, fill="black", font=font)
        y += 44
        if y > SIZE[1] - 50:
            break
    img.save(path, fmt, **({"quality": 90} if fmt == "JPEG" else {}))


# (file name, corpus id, how): "text" = a text layer; "outlined" = the rendered image of IMAGES, no text
PDFS = [
    ("label_claims_3001.pdf", "t024", "text"),
    ("label_honey_outlined_3001.pdf", "t037", "outlined"),
]


def render_pdf(text: str, path: Path, how: str, image: Path) -> None:
    if how == "outlined":
        Image.open(image).convert("RGB").save(path, "PDF", resolution=200)  # 127x190 mm
        return
    from html import escape

    from weasyprint import HTML

    body = "".join(f"<p>{escape(line)}</p>" for line in text.splitlines())
    style = "@page{size:120mm 180mm;margin:8mm} body{font-family:'WenQuanYi Micro Hei';font-size:9pt}"
    HTML(string=f"<html><head><style>{style}</style></head><body>{body}</body></html>").write_pdf(path)


def main() -> None:
    rows = {}
    for line in (HERE / "corpus_tune.jsonl").read_text("utf-8").splitlines():
        r = json.loads(line)
        rows[r["id"]] = r
    manifest = []
    for name, cid, fmt in IMAGES:
        r = rows[cid]
        render(r["text"], HERE / name, fmt)
        manifest.append({"file": name, "id": cid, "as_of": r["as_of"], "expected": r["expected"]})
    by_id = {cid: name for name, cid, _ in IMAGES}
    for name, cid, how in PDFS:
        r = rows[cid]
        render_pdf(r["text"], HERE / name, how, HERE / by_id[cid])
        manifest.append({"file": name, "id": cid, "as_of": r["as_of"], "expected": r["expected"], "pdf": how})
    (HERE / "images.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
