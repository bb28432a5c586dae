"""Helpers shared by the journeys: open a page, watch for broken resources, check a page."""

import re
from pathlib import Path
from weakref import WeakKeyDictionary

from playwright.sync_api import ConsoleMessage, Error, Page, Request, Response, expect

from tests.e2e.axe import assert_accessible

PROJECT_DIR = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = PROJECT_DIR / "test-artifacts" / "screenshots"
MAX_SCREENSHOT_HEIGHT = 6_000
SCREENSHOT_TIMEOUT_MS = 20_000

_problems: WeakKeyDictionary[Page, list[str]] = WeakKeyDictionary()
_CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (event) => {
    const element = event.target && event.target.outerHTML ? event.target.outerHTML : "";
    console.error("CSP refusée : " + JSON.stringify({
        directive: event.violatedDirective,
        extrait: event.sample,
        element: element.slice(0, 200),
        script: event.sourceFile + ":" + event.lineNumber + ":" + event.columnNumber,
    }));
}, true);
"""


def watch(page: Page, base_url: str) -> None:
    """Record script errors and failed requests to the server (a missing static file, a
    broken manifest entry…); `check_page` fails when any was recorded."""
    problems = _problems.setdefault(page, [])

    def on_response(response: Response) -> None:
        if response.url.startswith(base_url) and response.status >= 400:
            problems.append(f"{response.status} {response.url}")

    def on_request_failed(request: Request) -> None:
        # ERR_ABORTED: a request cut short by the next navigation, not a broken resource.
        if request.url.startswith(base_url) and "ERR_ABORTED" not in (request.failure or ""):
            problems.append(f"échec de {request.url} : {request.failure}")

    def on_page_error(error: Error) -> None:
        where = next((line.strip() for line in (error.stack or "").splitlines()[1:2]), "")
        problems.append(f"erreur JavaScript : {error.message} {where}".strip())

    def on_console(message: ConsoleMessage) -> None:
        # Catches what raises no exception, e.g. a stylesheet refused for a wrong `integrity`.
        if message.type == "error":
            problems.append(f"console : {message.text} ({message.location.get('url', '')})")

    # The console only names the script behind a CSP refusal; the event also gives the
    # refused text and the element, which is what it takes to find the cause.
    page.add_init_script(_CSP_REPORTER)
    page.on("pageerror", on_page_error)
    page.on("console", on_console)
    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)


def screenshot(page: Page, name: str) -> Path:
    """The whole page, or its first MAX_SCREENSHOT_HEIGHT pixels when longer (a bilan)."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{safe_name(name)}.png"
    width, height = page.evaluate(
        "() => [document.documentElement.clientWidth, document.documentElement.scrollHeight]"
    )
    clip = None
    if height > MAX_SCREENSHOT_HEIGHT:
        clip = {"x": 0, "y": 0, "width": width, "height": MAX_SCREENSHOT_HEIGHT}
    # caret="initial": by default Playwright hides the caret by giving every input an inline
    # `style="caret-color: transparent !important;"` during the shot; when the DSFR header
    # script copies the tool links (with the logout form's hidden input) into the mobile
    # menu at that moment, the CSP refuses the copied style attribute and the page reports
    # a console error that is the harness's, not Jalon's (seen on a loaded CI machine).
    page.screenshot(
        path=path, full_page=True, clip=clip, caret="initial", timeout=SCREENSHOT_TIMEOUT_MS
    )
    return path


def safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_")[:120]


def open_page(page: Page, path: str, status: int = 200) -> None:
    """Go to `path` and assert that the server answered `status` (200 unless told: an
    expected refusal is not a broken resource, so it is not reported by `check_page`)."""
    response = page.goto(path)
    assert response is not None, f"aucune réponse pour {path}"
    assert response.status == status, f"{path} : HTTP {response.status} au lieu de {status}"
    if status >= 400:
        expect_refusal(page, status)


def expect_refusal(page: Page, status: int) -> None:
    """The current page was answered with `status` on purpose (a refused submission, a
    forbidden page): do not report that answer as a broken resource."""
    response_line = f"{status} {page.url}"
    console_line = f"status of {status} "
    problems = _problems.get(page, [])
    problems[:] = [
        p
        for p in problems
        if p != response_line and not (console_line in p and p.endswith(f"({page.url})"))
    ]


def check_page(page: Page, name: str) -> None:
    """Screenshot the page, then assert it loaded cleanly, has a title of its own, uses the
    DSFR styles and passes the axe check."""
    page.wait_for_load_state("load")
    screenshot(page, name)
    problems = _problems.get(page, [])
    assert not problems, f"{page.url} :\n" + "\n".join(problems)
    # RGAA 8.5 and 8.6: every page has a title naming the page, then the site.
    title = page.title()
    assert " — " in title and title.split(" — ")[0].strip(), (
        f"{page.url} : titre de page absent ou générique ({title!r})"
    )
    font = page.evaluate("() => getComputedStyle(document.body).fontFamily")
    assert "Marianne" in font, f"{page.url} : styles du DSFR non appliqués (police : {font})"
    assert_accessible(page, name)


LOGIN_URL = "/comptes/connexion/"
DEMO_PASSWORD = "demo"


def log_in(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the header link and the login form, as a user would (mouse)."""
    open_page(page, "/")
    page.locator("header[role=banner]").get_by_role("link", name="Se connecter").click()
    form = page.locator("main form")
    form.locator("input[name=username]").fill(username)
    form.get_by_label("Mot de passe").fill(password)
    form.get_by_role("button", name="Se connecter").click()
    expect(
        page.locator("header[role=banner]").get_by_role("button", name="Se déconnecter")
    ).to_be_visible()


def nav_link(page: Page, name: str):
    """A link of the main navigation menu."""
    return page.locator("#navigation-principale").get_by_role("link", name=name, exact=True)


def log_out(page: Page) -> None:
    header = page.locator("header[role=banner]")
    header.get_by_role("button", name="Se déconnecter").click()
    expect(header.get_by_role("link", name="Se connecter")).to_be_visible()
