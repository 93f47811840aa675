"""Driving the dashboard in a real Chromium, offline: the flags and the sign-in a person does.
Shared by the browser tests and the browser benchmarks (the page's labels live here beside the
flags, so a renamed label breaks both in one place). The page object is Playwright's, passed in:
nothing here imports Playwright, a test-only requirement."""

from __future__ import annotations

from typing import Any

CHROMIUM = "/usr/bin/chromium"
# Debian's Chromium, headless, as root, on a machine without network or GPU: no sandbox, no GPU,
# and none of the background connections it would otherwise try at start.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def sign_in(page: Any, user: str, password: str) -> None:
    """Fill the sign-in form as a person would."""
    page.get_by_label("用户名").fill(user, timeout=120_000)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
