"""The app loads in a real browser: a title, the stage drawn on its first moment, no exception box."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_no_exception, open_app, stage_rows, wait_for_stage

pytestmark = pytest.mark.browser


def test_app_loads(page: Page, app_url: str) -> None:
    open_app(page, app_url)
    expect(page).to_have_title(re.compile("poolviz", re.IGNORECASE))
    expect(page.locator("h1", has_text="Pooling, step by step")).to_be_visible()
    assert wait_for_stage(page) == "forward:1:0"
    assert len(stage_rows(page, "forward", "X")) == 6  # the default 6 × 6 input, in the text alternative
    assert_no_exception(page)


@pytest.mark.parametrize("query", ["ph=abc", "ph=-1&pw=0&stride=x", "%ZZ=%%", "phase=sideways&step=99&window=a,b"])
def test_bad_query_string_shows_no_exception(page: Page, app_url: str, query: str) -> None:
    open_app(page, app_url, query)
    assert_no_exception(page)
    assert wait_for_stage(page) == "forward:1:0"  # a link the page cannot read opens the first moment
