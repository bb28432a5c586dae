"""Accessibility check with axe-core (pinned in package.json, installed in node_modules/).

axe runs inside the page; the journeys fail on any violation of impact "serious" or
"critical" (the ones that block or strongly hinder a user; "minor" and "moderate" are kept in
the JSON report under test-artifacts/axe/ but do not fail the test).
"""

import json
from functools import cache
from pathlib import Path

from playwright.sync_api import Page

PROJECT_DIR = Path(__file__).resolve().parents[2]
AXE_SCRIPT = PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"
REPORT_DIR = PROJECT_DIR / "test-artifacts" / "axe"
BLOCKING_IMPACTS = ("serious", "critical")
MAX_TARGETS = 3


@cache
def axe_source() -> str:
    if not AXE_SCRIPT.is_file():
        raise FileNotFoundError(
            f"{AXE_SCRIPT} est absent : lancez scripts/ensure-browser-deps.sh (npm ci)."
        )
    return AXE_SCRIPT.read_text()


def run_axe(page: Page) -> dict:
    """Inject axe-core into the page (unless already there) and return its full results."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through the DevTools protocol, so a Content-Security-Policy that forbids
        # inline scripts does not block it (a <script> tag would be).
        page.evaluate(axe_source() + "\n;undefined")
    # axe's default rule set: WCAG 2.x A and AA plus best practices, no experimental rule.
    return page.evaluate(
        "async () => await window.axe.run(document, {resultTypes: ['violations']})"
    )


def format_violations(violations: list[dict], url: str) -> str:
    lines = [f"{len(violations)} violation(s) axe « serious » ou « critical » sur {url} :"]
    for violation in violations:
        nodes = violation["nodes"]
        lines.append(
            f"- {violation['id']} [{violation['impact']}] {violation['help']} "
            f"({len(nodes)} élément(s)) — {violation['helpUrl']}"
        )
        for node in nodes[:MAX_TARGETS]:
            # A target is a list of selectors when the element is inside iframes/shadow roots.
            lines.append("    " + " >>> ".join(map(str, node["target"])))
        if len(nodes) > MAX_TARGETS:
            lines.append(f"    … et {len(nodes) - MAX_TARGETS} autre(s)")
    return "\n".join(lines)


def assert_accessible(page: Page, name: str) -> None:
    """Fail with a readable list when axe finds a serious or critical violation on the page."""
    results = run_axe(page)
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    (REPORT_DIR / f"{name}.json").write_text(
        json.dumps(results["violations"], ensure_ascii=False, indent=2)
    )
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, format_violations(blocking, page.url)
