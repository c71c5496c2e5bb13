"""The page in Spanish in a real browser: chosen by the browser's own language, or by the sidebar's switch."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.helpers import (
    LAPTOP,
    STAGE,
    assert_no_exception,
    open_app,
    url_query,
    wait_for_rerun,
    wait_for_stage,
    wait_for_url,
)


@pytest.fixture
def spanish_page(browser: Browser) -> Iterator[Page]:
    """A browser whose language is Spanish (Spain), as a Spanish teacher's laptop would be."""
    context = browser.new_context(locale="es-ES", viewport=dict(LAPTOP))
    page = context.new_page()
    yield page
    context.close()


def choose(page: Page, key: str, option: str) -> None:
    """Pick `option` in the selectbox with widget key `key`, and wait for the rerun."""
    page.locator(f".st-key-{key}").get_by_role("combobox").click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_rerun(page)


def test_a_spanish_browser_gets_the_page_in_spanish_without_lang(spanish_page: Page, app_url: str) -> None:
    page = spanish_page
    open_app(page, app_url)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="Pooling, paso a paso")).to_be_visible()
    expect(page.get_by_text("Capa de pooling")).to_be_visible()
    wait_for_stage(page, "forward:1:0")
    stage = page.locator(STAGE)
    expect(stage.locator(".pv-heading")).to_contain_text("Inicializar la caché: la entrada X")
    expect(stage.get_by_role("button", name="Siguiente")).to_be_visible()
    stage.get_by_role("button", name="Siguiente").click()
    wait_for_stage(page, "forward:2:0")
    expect(stage.locator(".pv-narration .pv-text")).to_contain_text("Una ventana de 2×2 recorre X")
    expect(stage.locator(".pv-live")).to_contain_text("Cortar X en bloques")
    wait_for_url(page, "lang=es")


def test_the_sidebar_switch_keeps_the_choices_made(page: Page, app_url: str) -> None:
    open_app(page, app_url)
    choose(page, "source", "Random decimals 0–1")
    choose(page, "lang", "Español")
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="Pooling, paso a paso")).to_be_visible()
    expect(page.locator(".st-key-source").get_by_role("combobox")).to_have_value("Decimales al azar 0–1")
    assert url_query(page).get("source") == "floats"
    assert url_query(page).get("lang") == "es"
    expect(page.locator(STAGE).get_by_role("button", name="Reproducir")).to_be_visible()
