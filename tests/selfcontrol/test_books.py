"""三本账 as PDF through a background job (core.jobs, inline in tests): queued, polled, downloaded."""

from __future__ import annotations

from datetime import timedelta

import factories as t
from django.utils import timezone

from shouhu.core.roles import Role
from shouhu.selfcontrol.services import daily_record


def test_books_pdf_job_for_the_owner_only(adopted, ent, people, county, client):
    today = timezone.localdate()
    for n in range(1, 6):
        daily_record(actor=people[Role.OFFICER], day=today - timedelta(days=n))
    client.force_login(county)
    first, last = (today - timedelta(days=30)).isoformat(), today.isoformat()
    r = client.post(f"/selfcontrol/enterprises/{ent.pk}/books.pdf", {"first": first, "last": last})
    assert r.status_code == 302 and "/books/jobs/" in r["Location"]
    job_url = r["Location"]
    page = client.get(job_url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "下载PDF" in body, body[-2000:]
    pdf = client.get(job_url + "file")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    # too long a period is refused before any job is queued
    r = client.post(
        f"/selfcontrol/enterprises/{ent.pk}/books.pdf",
        {"first": (today - timedelta(days=400)).isoformat(), "last": last},
    )
    assert r.status_code == 302 and r["Location"].endswith(f"/enterprises/{ent.pk}/")
    # somebody else's job is not found
    client.force_login(t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="books_other"))
    assert client.get(job_url).status_code == 404 and client.get(job_url + "file").status_code == 404
    # the html of the books holds the year's records
    client.force_login(people[Role.PRINCIPAL])
    assert client.get(f"/selfcontrol/enterprises/{ent.pk}/?first={first}&last={last}").status_code == 200
