"""Keyboard-only moves: Tab (or Shift+Tab) until the focus reaches an element, as a keyboard
user would; a test fails when the element cannot be reached that way."""

import pytest
from playwright.sync_api import Page

MAX_TABS = 120


def focused_matches(page: Page, selector: str) -> bool:
    return page.evaluate("s => document.activeElement?.matches(s) ?? false", selector)


def tab_to(
    page: Page, selector: str, what: str, *, backwards: bool = False, max_tabs: int = MAX_TABS
) -> int:
    """Press Tab (Shift+Tab when `backwards`) until the focused element matches `selector`;
    return the number of key presses it took."""
    key = "Shift+Tab" if backwards else "Tab"
    for presses in range(1, max_tabs + 1):
        page.keyboard.press(key)
        if focused_matches(page, selector):
            return presses
    focused = page.evaluate("() => document.activeElement?.outerHTML.slice(0, 200)")
    pytest.fail(f"{what} : pas atteint en {max_tabs} tabulations (focus sur {focused})")


def type_over(page: Page, text: str) -> None:
    """Replace the content of the focused field by `text` (select all, then type)."""
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def follow(page: Page) -> None:
    """Press Enter on the focused link or button and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press("Enter")
