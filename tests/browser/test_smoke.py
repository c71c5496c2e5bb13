"""The app loads in a real browser: a title, something rendered, no exception box."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_no_exception, open_app

pytestmark = pytest.mark.browser


def test_app_loads(page: Page, app_url: str) -> None:
    open_app(page, app_url)
    expect(page).to_have_title(re.compile("poolviz", re.IGNORECASE))
    assert_no_exception(page)
    rendered = page.locator('[data-testid="stMain"] [data-testid="stElementContainer"]')
    assert rendered.count() >= 1, "the app rendered no element"
    expect(rendered.first).to_be_visible()


@pytest.mark.parametrize("query", ["ph=abc", "ph=-1&pw=0&stride=x", "%ZZ=%%"])
def test_bad_query_string_shows_no_exception(page: Page, app_url: str, query: str) -> None:
    open_app(page, app_url, query)
    assert_no_exception(page)
    assert page.locator('[data-testid="stMain"] [data-testid="stElementContainer"]').count() >= 1
