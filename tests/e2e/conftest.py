"""Fixtures of the browser journeys: a real server, Debian's chromium, one page per test.

Run them alone with `pytest -m e2e`, skip them with `pytest -m "not e2e"`. See README.md.
"""

from pathlib import Path

import pytest

from tests.e2e.pages import safe_name, screenshot, watch
from tests.e2e.server import JALON, PROJECT_DIR, JalonServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = PROJECT_DIR / "test-artifacts"
ACTION_TIMEOUT_MS = 5_000
NAVIGATION_TIMEOUT_MS = 15_000
_reports = pytest.StashKey[dict]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so the page fixture knows if the test failed."""
    report = yield
    item.stash.setdefault(_reports, {})[report.when] = report
    return report


@pytest.fixture(scope="session")
def jalon_server(tmp_path_factory):
    """A `jalon serve` (gunicorn, JALON_ENV=demo) on a fresh SQLite database with the demo
    data, listening on 127.0.0.1:<free port>; always stopped at the end of the session."""
    if not JALON.exists():
        pytest.fail(f"{JALON} introuvable : installez le projet (make install).")
    server = JalonServer(tmp_path_factory.mktemp("e2e"), ARTIFACTS / "e2e-server.log")
    try:
        server.prepare()
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, headless, driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(request, browser, jalon_server):
    """A new browser context (French locale, desktop size) and page for each test; on failure,
    a screenshot and the HTML go to test-artifacts/screenshots/."""
    context = browser.new_context(
        base_url=jalon_server.url,
        locale="fr-FR",
        timezone_id="Europe/Paris",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    page = context.new_page()
    watch(page, jalon_server.url)
    try:
        yield page
    finally:
        call = request.node.stash.get(_reports, {}).get("call")
        if call is not None and (call.failed or hasattr(call, "wasxfail")):
            name = "ECHEC-" + safe_name(request.node.nodeid.split("::", 1)[-1])
            try:
                screenshot(page, name)
                (ARTIFACTS / "screenshots" / f"{name}.html").write_text(page.content())
            except Exception as error:  # the page may be gone; the report stays the failure
                print(f"capture d'échec impossible : {error}")
        context.close()


@pytest.fixture
def blank_page(browser):
    """A page without the server, for tests of the harness itself (`page.set_content`)."""
    context = browser.new_context(locale="fr-FR")
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture(scope="session", autouse=True)
def _browser_dependencies():
    """Fail early, with the fix, when a browser-test dependency is missing."""
    missing = [
        str(path)
        for path in (CHROMIUM, PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js")
        if not path.exists()
    ]
    if missing:
        script = PROJECT_DIR / "scripts" / "ensure-browser-deps.sh"
        pytest.fail(f"absent : {', '.join(missing)} — lancez {script}.")
