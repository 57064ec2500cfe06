"""Benchmark (issue 26): syncing an offline on-site inspection over loopback, and the task download.

    .venv/bin/python bench/offline_sync_bench.py            # fresh SQLite DB under var/bench/
    .venv/bin/python bench/offline_sync_bench.py --items 150 --photos 40 --photo-kb 200

The app is served by a threaded WSGI server on 127.0.0.1 (a real socket, as the phone's browser talks to
it); the client logs in and takes a CSRF token from /offline/state/ as offline.js does. The system
checklist from the rule data has 61 items: each bench inspection's template is extended with copies to
`--items` (150); `--photos` entries carry a JPEG of ≈ `--photo-kb` KB.

1. baseline: the entries posted as the ordinary on-site form (302 to the page), one inspection;
2. one request per entry (offline.js before the batch): a multipart POST with X-Shouhu-Offline, client id
   and form key; resent twice (answers lost; form keys forgotten: the client ids alone) — nothing new;
3. batched, as offline.js sends now: 20 entries with their photos in one POST (core/offline.py
   batch_entries), on a third inspection; resent once — nothing new.

The task download is the on-site page of a fresh 150-item inspection (its checklist, enterprise facts,
open rectifications and recent records are in it) plus the static assets the service worker keeps, bytes
over the wire, no photos. Budgets: the batched sync < 10 s, the download < 1 MB; exit status 1 if one is
missed or a resend wrote anything.
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import random
import re
import sys
import threading
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ASSETS = (
    "bootstrap/css/bootstrap.min.css",
    "shouhu/shouhu.css",
    "django_htmx/htmx-2.min.js",
    "bootstrap/js/bootstrap.bundle.min.js",
    "accounts/drafts.js",
    "shouhu/forms.js",
    "shouhu/a11y.js",
    "shouhu/offline.js",
    "shouhu/favicon.svg",
)


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        out.write(str(value).encode() + b"\r\n")
    for name, (filename, blob) in files.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: image/jpeg\r\n\r\n".encode()
        )
        out.write(blob + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


class Loopback:
    """A browser's view of the server: one keep-alive connection, cookies kept."""

    def __init__(self, port: int):
        self.port, self.cookies = port, SimpleCookie()
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        head = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if self.cookies:
            head["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=head)
                res = self.conn.getresponse()
                data = res.read()
                break
            except (http.client.RemoteDisconnected, ConnectionError, http.client.CannotSendRequest):
                self.conn.close()  # the server closed the kept connection: a new one, as a browser does
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt == 2:
                    raise
        for raw in res.headers.get_all("Set-Cookie") or []:
            self.cookies.load(raw)
        return res.status, data


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=150)
    ap.add_argument("--photos", type=int, default=40)
    ap.add_argument("--photo-kb", type=int, default=200)
    args = ap.parse_args()
    path = REPO / "var" / "bench" / "offline.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.environ["SHOUHU_DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shouhu.config.settings.test")
    sys.path.insert(0, str(REPO / "src"))
    sys.path.insert(0, str(REPO / "tests"))
    import django

    django.setup()
    import factories as t
    from django.core.cache import cache
    from django.core.management import call_command
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application
    from django.test import Client
    from PIL import Image

    from shouhu.core.roles import Role
    from shouhu.inspection import services
    from shouhu.workflow.checklists.models import ItemResult, TemplateItem
    from shouhu.workflow.evidence.models import EvidenceFile

    call_command("migrate", verbosity=0)
    a = t.make_enterprise(t.COUNTY, name="基准食品有限公司")
    t.make_licence(a)
    t.make_product(a, category="3001", name="婴幼儿营养米粉")
    one = t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="bench_off1")
    two = t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="bench_off2")
    rng = random.Random(26)
    side = int((args.photo_kb / 129) ** 0.5 * 420)  # random noise at q92: 420×320 ≈ 129 KB
    img = Image.frombytes("RGB", (side, side * 32 // 42), rng.randbytes(side * (side * 32 // 42) * 3))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=92)
    photo = buf.getvalue()

    def inspection():
        return services.inspection_create(
            actor=one, enterprise_id=a.pk, inspector_ids=[one.pk, two.pk], kind="system"
        )

    def grown(insp):  # each inspection has its own template: it grows to --items (copies of real items)
        items = list(TemplateItem.objects.filter(template_id=insp.template_id).order_by("position"))
        extra = []
        for k in range(len(items), args.items):
            src = items[k % len(items)]
            extra.append(
                TemplateItem(
                    template_id=src.template_id, position=10_000 + k, item_id=f"{src.item_id}-b{k}",
                    group=src.group, title=src.title, text=src.text, citation=src.citation, key=False,
                    scheme=src.scheme, points=src.points, limits=src.limits, groups=src.groups,
                )
            )  # fmt: skip
        TemplateItem.objects.bulk_create(extra)
        return insp

    base, insp = grown(inspection()), grown(inspection())
    items = list(TemplateItem.objects.filter(template_id=insp.template_id).order_by("position"))

    def queue():
        return [
            {"item_id": it.item_id, "result": "pass", "note": f"现场查看{k}", "cid": uuid.uuid4().hex}
            for k, it in enumerate(items)
        ]

    server = ThreadedWSGIServer(("127.0.0.1", 0), WSGIRequestHandler, allow_reuse_address=False)
    server.set_app(get_wsgi_application())
    WSGIRequestHandler.log_message = lambda *a, **k: None  # quiet
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]

    browser = Loopback(port)
    helper = Client()
    helper.force_login(one)
    browser.cookies.load(f"sessionid={helper.cookies['sessionid'].value}")
    status, body = browser.request("GET", "/offline/state/")
    assert status == 200, body[:200]
    csrf = json.loads(body)["csrf"]

    split: dict[str, float] = {}

    def send(insp, entries, *, sync):
        start = time.perf_counter()
        for k, e in enumerate(entries):
            if k == args.photos:
                split["photos"] = time.perf_counter() - start
            fields = {"action": "result", "item_id": e["item_id"], "result": e["result"], "note": e["note"],
                      "client_id": e["cid"], "_idem": e["cid"]}  # fmt: skip
            headers = {"X-CSRFToken": csrf, "Referer": f"http://127.0.0.1:{port}/inspection/{insp.pk}/"}
            if sync:
                headers["X-Shouhu-Offline"] = "1"
            else:
                fields["csrfmiddlewaretoken"] = csrf
            files = {"photo": (f"p{k}.jpg", photo)} if k < args.photos else {}
            data, ctype = multipart(fields, files)
            status, answer = browser.request(
                "POST", f"/inspection/{insp.pk}/", data, {**headers, "Content-Type": ctype}
            )
            assert status == (200 if sync else 302), (status, answer[:300])
        return time.perf_counter() - start

    def send_batch(insp, entries, size=20):  # as offline.js sends data-sh-offline-batch forms
        start = time.perf_counter()
        for at in range(0, len(entries), size):
            chunk, fields, files = entries[at : at + size], [], {}
            for k, e in enumerate(chunk, start=at):
                fields.append({"client_id": e["cid"], "fields": {"action": "result", "item_id": e["item_id"],
                               "result": e["result"], "note": e["note"]}})  # fmt: skip
                if k < args.photos:
                    files[f"file.{e['cid']}.photo"] = (f"p{k}.jpg", photo)
            data, ctype = multipart({"entries": json.dumps(fields)}, files)
            status, answer = browser.request(
                "POST", f"/inspection/{insp.pk}/", data,
                {"X-CSRFToken": csrf, "X-Shouhu-Offline": "1", "Content-Type": ctype,
                 "Referer": f"http://127.0.0.1:{port}/inspection/{insp.pk}/"},
            )  # fmt: skip
            got = json.loads(answer)
            assert status == 200 and {r["status"] for r in got["results"]} == {"stored"}, (
                status,
                answer[:300],
            )
        return time.perf_counter() - start

    load_before = os.getloadavg()[0]
    qb, q = queue(), queue()
    n = len(q)
    baseline = send(base, qb, sync=False)
    synced = send(insp, q, sync=True)
    sync_split = split["photos"]
    before = (ItemResult.objects.count(), EvidenceFile.objects.count())
    resent = send(insp, q, sync=True)
    cache.clear()  # the form keys forgotten: the client ids alone must hold
    resent_db = send(insp, q, sync=True)
    after = (ItemResult.objects.count(), EvidenceFile.objects.count())
    binsp, bq = grown(inspection()), queue()
    batched = send_batch(binsp, bq)
    b_before = (ItemResult.objects.count(), EvidenceFile.objects.count())
    b_resent = send_batch(binsp, bq)
    b_after = (ItemResult.objects.count(), EvidenceFile.objects.count())

    fresh = grown(
        inspection()
    )  # the task as downloaded before any result: the page and what the worker keeps
    status, page = browser.request("GET", f"/inspection/{fresh.pk}/")
    assert status == 200
    assert b'data-testid="item"' in page and page.count(b'data-testid="item"') == n, "the task is not whole"
    got = {m for m in re.findall(rb'(?:src|href)="(/static/[^"]+)"', page)}
    assets = 0
    for rel in ASSETS:
        status, blob = browser.request("GET", f"/static/{rel}")
        assets += len(blob) if status == 200 else 0
    missing = [r for r in ASSETS if f"/static/{r}".encode() not in got]
    server.shutdown()
    kept = len(page) + assets
    load_after = os.getloadavg()[0]
    print(
        f"# offline sync bench — {os.cpu_count()} CPU, load {load_before:.1f} → {load_after:.1f}, SQLite, loopback HTTP"
    )
    print(f"entries: {n} results, {args.photos} with a photo of {len(photo) // 1024} KB")
    print(f"baseline  ordinary form posts ({n}): {baseline:.2f} s ({baseline / n * 1000:.0f} ms each)")
    print(
        f"sync      outbox sends ({n}):        {synced:.2f} s ({synced / n * 1000:.0f} ms each) (the old one-request path)"
    )
    print(
        f"          of which the {args.photos} with a photo {sync_split:.2f} s, the {n - args.photos} without {synced - sync_split:.2f} s"
    )
    print(
        f"resend    answers lost, keys held:  {resent:.2f} s; keys forgotten (client ids): {resent_db:.2f} s"
    )
    print(f"rows      results/photos after sync {before}, after both resends {after} (must be equal)")
    print(
        f"batch     outbox in batches of 20 ({n}): {batched:.2f} s ({batched / n * 1000:.0f} ms each) (budget < 10 s)"
    )
    print(f"          resent (answers lost): {b_resent:.2f} s; rows {b_before} → {b_after} (must be equal)")
    print(f"download  page {len(page) / 1024:.0f} KB + assets {assets / 1024:.0f} KB = {kept / 1024:.0f} KB (budget < 1024 KB)"
          + (f"; assets not on the page: {missing}" if missing else ""))  # fmt: skip
    ok = before == after and b_before == b_after and batched < 10 and kept < 1024 * 1024
    print("OK" if ok else "BUDGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
