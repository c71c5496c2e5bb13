"""The sidebar's "Trap presets": one button per preset, and the chosen preset's paragraph in the walkthrough."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from poolviz.app import sidebar as controls
from poolviz.app.presets import PRESETS
from poolviz.app.settings import Settings

CHOSEN_KEY = "preset"  # session state: the key of the preset last chosen


def button_key(preset_key: str) -> str:
    return f"preset_{preset_key}"


def _choose(preset_key: str) -> None:
    """Button callback (runs before the script): the preset's settings go into the widgets, the walkthrough
    opens at the preset's step."""
    preset = PRESETS[preset_key]
    settings = replace(preset.settings, present=int(bool(st.session_state.get("present", False))))
    controls.load(settings)
    st.session_state["url_position"] = preset.position
    st.session_state[CHOSEN_KEY] = preset_key


def show() -> None:
    """Draw the "Trap presets" section (call it inside `with st.sidebar:`)."""
    st.header("Trap presets")
    st.caption("One click sets up an example where pooling does something surprising, and opens the step to look at.")
    for key, preset in PRESETS.items():
        st.button(
            preset.title,
            key=button_key(key),
            on_click=_choose,
            args=(key,),
            help=f"Opens the walkthrough at {preset.position[0]} step ({preset.position[1]}).",
            width="stretch",
        )


def current(settings: Settings) -> str | None:
    """The key of the chosen preset if the settings still match it, else None."""
    key = st.session_state.get(CHOSEN_KEY)
    return key if key in PRESETS and PRESETS[key].matches(settings) else None


def explanation(settings: Settings) -> None:
    """The chosen preset's paragraph (st.info), while the settings still match it; otherwise nothing."""
    key = current(settings)
    if key is not None:
        preset = PRESETS[key]
        st.info(f"**{preset.title}.** {preset.explanation}", icon=":material/lightbulb:")
