"""axe-core for the accessibility browser test: fetched once from the npm registry as the published tarball,
checked against the registry's sha512 integrity, and kept under var/vendor/ (never loaded from a CDN).

`make axe` (part of `make browser`, so of `make test`) runs `python tests/e2e/axe_core.py`; the test injects
the local axe.min.js with Playwright's add_script_tag(path=...).
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import sys
import tarfile
import urllib.request
from pathlib import Path

VERSION = "4.14.1"
TARBALL = f"https://registry.npmjs.org/axe-core/-/axe-core-{VERSION}.tgz"
INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
REPO = Path(__file__).resolve().parents[2]
TARGET = Path(os.environ.get("SHOUHU_AXE_JS", REPO / "var" / "vendor" / f"axe-core-{VERSION}" / "axe.min.js"))


class FetchError(RuntimeError):
    pass


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def fetch(target: Path = TARGET, url: str = TARBALL, timeout: float = 60) -> Path:
    """axe.min.js at `target`, downloading and verifying the tarball when it is not there yet."""
    if target.is_file():
        return target
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            data = answer.read()
    except OSError as exc:
        raise FetchError(f"could not fetch {url}: {exc}") from exc
    got = _integrity(data)
    if got != INTEGRITY:
        raise FetchError(f"{url}: integrity {got} is not the published {INTEGRITY}")
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        member = tar.extractfile("package/axe.min.js")
        if member is None:
            raise FetchError(f"{url}: no package/axe.min.js in the tarball")
        script = member.read()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    partial.write_bytes(script)
    partial.replace(target)
    return target


if __name__ == "__main__":
    try:
        print(f"axe-core {VERSION}: {fetch()}")
    except FetchError as exc:
        # Not fatal here: the accessibility test then fails in CI (CI=true) and skips with this reason elsewhere.
        print(f"WARNING: {exc}; the accessibility browser test will not run", file=sys.stderr)
