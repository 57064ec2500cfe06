"""Benchmark (issue 26): syncing an offline on-site inspection, and the size of what the phone keeps.

    .venv/bin/python bench/offline_sync_bench.py          # fresh SQLite DB under var/bench/

A system inspection (its full checklist from the rule data) is scored the way the phone's outbox sends it:
one POST per result with X-Shouhu-Offline, a client id and a form key, 40 of them with a ≈ 200 KB photo;
then the whole queue is sent again (the answers were lost) and must store nothing new. Baseline in the same
run: the same results posted as the ordinary on-site form (redirect and page flash) on a second inspection.
Through Django's test Client (server time; no socket). Budget: the sync of 150 items + 40 photos < 10 s —
the checklist has fewer items, so the figure is also given per entry and scaled to 150. The page kept for
offline use (HTML + its static assets, no photos) must be < 1 MB. Exit status 1 if a budget is missed or
the resend wrote anything.
"""

from __future__ import annotations

import io
import os
import random
import sys
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
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
    from django.contrib.staticfiles import finders
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
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
    img = Image.frombytes("RGB", (420, 320), bytes(rng.getrandbits(8) for _ in range(420 * 320 * 3)))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=92)
    photo = buf.getvalue()

    def inspection():
        return services.inspection_create(
            actor=one, enterprise_id=a.pk, inspector_ids=[one.pk, two.pk], kind="system"
        )

    def entries(insp):
        items = list(TemplateItem.objects.filter(template_id=insp.template_id).order_by("position"))
        return [
            {
                "action": "result",
                "item_id": it.item_id,
                "result": "pass",
                "note": f"现场查看{k}",
                "cid": uuid.uuid4().hex,
            }
            for k, it in enumerate(items)
        ]

    def send(client, insp, queue, *, sync):
        headers = {"HTTP_X_SHOUHU_OFFLINE": "1"} if sync else {}
        start = time.perf_counter()
        for k, e in enumerate(queue):
            data = {
                **{x: e[x] for x in ("action", "item_id", "result", "note")},
                "client_id": e["cid"],
                "_idem": e["cid"],
            }
            if k < 40:
                data["photo"] = SimpleUploadedFile(f"p{k}.jpg", photo, "image/jpeg")
            r = client.post(f"/inspection/{insp.pk}/", data, **headers)
            assert r.status_code in (200, 302), r.content[:300]
        return time.perf_counter() - start

    client = Client()
    client.force_login(one)
    base, insp = inspection(), inspection()
    qb, q = entries(base), entries(insp)
    n = len(q)
    baseline = send(client, base, qb, sync=False)
    synced = send(client, insp, q, sync=True)
    before = (ItemResult.objects.count(), EvidenceFile.objects.count())
    resent = send(client, insp, q, sync=True)
    from django.core.cache import cache

    cache.clear()  # the form keys forgotten: the client ids alone must hold
    resent_db = send(client, insp, q, sync=True)
    after = (ItemResult.objects.count(), EvidenceFile.objects.count())
    page = client.get(f"/inspection/{insp.pk}/").content
    assets = 0
    for rel in (
        "bootstrap/css/bootstrap.min.css",
        "shouhu/shouhu.css",
        "django_htmx/htmx-2.min.js",
        "bootstrap/js/bootstrap.bundle.min.js",
        "accounts/drafts.js",
        "shouhu/forms.js",
        "shouhu/a11y.js",
        "shouhu/offline.js",
        "shouhu/favicon.svg",
    ):
        found = finders.find(rel)
        assets += Path(found).stat().st_size if found else 0
    kept = len(page) + assets
    scaled = synced / n * 150
    print(f"# offline sync bench — {os.cpu_count()} CPU, load {os.getloadavg()[0]:.1f}, SQLite")
    print(f"checklist items: {n}, photos: 40 × {len(photo) // 1024} KB")
    print(f"baseline  ordinary form posts ({n}): {baseline:.2f} s ({baseline / n * 1000:.0f} ms each)")
    print(
        f"sync      outbox sends ({n}):        {synced:.2f} s ({synced / n * 1000:.0f} ms each) → 150 items ≈ {scaled:.2f} s (budget < 10 s)"
    )
    print(
        f"resend    answers lost, keys held:  {resent:.2f} s; keys forgotten (client ids): {resent_db:.2f} s"
    )
    print(f"rows      results/photos after sync {before}, after both resends {after} (must be equal)")
    print(
        f"kept      page {len(page) / 1024:.0f} KB + assets {assets / 1024:.0f} KB = {kept / 1024:.0f} KB (budget < 1024 KB)"
    )
    ok = before == after and scaled < 10 and kept < 1024 * 1024
    print("OK" if ok else "BUDGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
