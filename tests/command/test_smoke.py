def test_page(w, client):
    client.force_login(w.province)
    r = client.get("/command/")
    assert r.status_code == 200, r.content[:2000]
    print("FAILED", w.snap.failed, w.snap.seconds)
    print(sorted((f.division_code, f.key, f.value) for f in w.snap.figures.all() if f.value))
    import re

    html = r.content.decode()
    print(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))[:3000])
