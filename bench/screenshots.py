"""Screenshots for the README: the regulator home and the enterprise list on demo data, in Debian chromium.

    .venv/bin/python bench/screenshots.py [--out docs/screenshots] [--enterprises 60] [--user province_admin]

Builds a throwaway SQLite database in a temporary directory, fills it with `shouhu demo-data` (realistic
Chinese names, licences, staff, a ledger history), serves the app on 127.0.0.1 in a thread (whitenoise
serves the static files straight from the installed packages) and drives /usr/bin/chromium with
Playwright. Every request to a host other than 127.0.0.1 is aborted and counted; any is an error.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlparse
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


class _ThreadingServer(WSGIServer):
    daemon_threads = True

    def process_request(self, request, client_address):  # one thread per connection (parallel assets)
        threading.Thread(target=self._handle, args=(request, client_address), daemon=True).start()

    def _handle(self, request, client_address):
        try:
            self.finish_request(request, client_address)
        finally:
            self.shutdown_request(request)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "docs" / "screenshots"))
    parser.add_argument("--enterprises", type=int, default=60)
    parser.add_argument("--user", default="province_admin", help="demo account for the regulator pages")
    parser.add_argument("--lang", default="zh-hans", choices=["zh-hans", "en"])
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="shouhu-shots-")
    os.environ["SHOUHU_VAR_DIR"] = tmp
    os.environ["SHOUHU_DATABASE_URL"] = f"sqlite:///{tmp}/shots.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "shouhu.config.settings.base"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # The platform's own static files (src/shouhu/static) need STATICFILES_DIRS; add it if settings lack it.
    own_static = Path(settings.BASE_DIR) / "static"
    if own_static not in [Path(d) for d in settings.STATICFILES_DIRS]:
        settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, own_static]
    from django.core.wsgi import get_wsgi_application

    from shouhu.demo.generate import DEMO_PASSWORD

    call_command("migrate", verbosity=0)
    call_command("demo-data", enterprises=args.enterprises, quiet=True)

    server = make_server(
        "127.0.0.1", 0, get_wsgi_application(), server_class=_ThreadingServer, handler_class=_QuietHandler
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"

    from playwright.sync_api import sync_playwright

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    blocked: list[str] = []
    suffix = "" if args.lang == "zh-hans" else f"-{args.lang}"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")

        def guard(route):
            if urlparse(route.request.url).hostname in {"127.0.0.1", "localhost"}:
                route.continue_()
            else:
                blocked.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        page = context.new_page()
        page.goto(f"{base}/login/")
        page.fill("#id_username", args.user)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{base}/")
        if args.lang != "zh-hans":
            page.click(f"[data-testid=language-switcher] button[value={args.lang}]")
            page.wait_for_load_state()
        page.screenshot(path=str(out / f"regulator-home{suffix}.png"), full_page=True)
        page.goto(f"{base}/enterprises/")
        page.screenshot(path=str(out / f"enterprise-list{suffix}.png"), full_page=True)
        browser.close()
    server.shutdown()
    if blocked:
        print(
            f"ERROR: {len(blocked)} request(s) to other hosts were attempted: {blocked[:5]}", file=sys.stderr
        )
        return 1
    print(f"wrote {out}/regulator-home{suffix}.png and {out}/enterprise-list{suffix}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
