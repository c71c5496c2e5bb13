"""The page's state: the only module that writes `st.session_state` and the URL.

Views never write state. They receive the place and return the new one; what the user did reaches them
as widget return values, not as callbacks. Streamlit runs a callback only for a widget it registered in
this session, so after a server restart the first click or key press of a reconnected page would be
lost; a return value is not.

Keys written here, beside the widgets' own values (every widget writes its own key):
- "place": the Place (view, pass, spec step, window, presenter, theme)
- "shown": the value each place control was last drawn with, to tell a user's change from a stale one
- "preset": the key of the trap preset last chosen
- "memory": each view's own dict (the quiz's score, the race's results), by view name
- "runs": how many full runs of the page this session has had (a fragment's own rerun does not count)
- "language": the page's language (poolviz.i18n), chosen once per session or by the sidebar's switch
- "live": the teacher's class link ({"class": code, "key": teacher key}), kept in the URL by `finish`
- "typed": each typed grid's cells as last seen ({(row, col): text}), by grid name: kept when the size changes
- "corrections": widget values the page could not use, corrected for the next run, with notes saying why
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, NoReturn

import streamlit as st

from poolviz import i18n
from poolviz.app import settings
from poolviz.app.presets import Preset
from poolviz.app.settings import Inputs, Place

PLACE, SHOWN, PRESET, MEMORY, LIVE, RUNS, TYPED = "place", "shown", "preset", "memory", "live", "runs", "typed"
CORRECTIONS = "corrections"
LANGUAGE = "language"  # the page's language; the sidebar's switch is the widget "lang"
SAME_STRIDE = "same_stride"  # the sidebar's checkbox: strides = pool size (sh = sw = 0)


def _params() -> dict[str, object]:
    """The link's parameters; one given more than once is a list, so the settings can say so."""
    params = st.query_params
    return {k: (params.get_all(k) if len(params.get_all(k)) > 1 else params[k]) for k in params}


def start() -> tuple[Place, list[str]]:
    """The place to draw; on a session's first run it comes from the link, with notes on what was refused.

    Call `choose_language` before: the notes are in the page's language.
    """
    st.session_state[RUNS] = st.session_state.get(RUNS, 0) + 1
    if PLACE in st.session_state:
        return st.session_state[PLACE], []
    inputs, place, notes = settings.from_query(_params())
    _load_inputs(inputs)
    st.session_state[PLACE] = place
    return place, notes


def _browser_locale() -> str | None:
    """The browser's language ("es-ES"), when this Streamlit tells it (st.context.locale) and there is a browser."""
    try:
        return getattr(st.context, "locale", None)
    except Exception:  # no browser session (a bare script run): no locale to read
        return None


def choose_language() -> list[str]:
    """Choose the page's language and speak it in this run (see `speak`): the sidebar's switch if the user just
    changed it; else, on a session's first run, the link's ?lang=, else the browser's language, else English.
    Notes only for a ?lang= the page does not have."""
    notes: list[str] = []
    moved = user_value(settings.LANG)
    if moved is not None:
        st.session_state[LANGUAGE] = moved
        _keep_choices()
    elif LANGUAGE not in st.session_state:
        code, notes = settings.language_from_query(_params())
        st.session_state[LANGUAGE] = code or i18n.browser_language(_browser_locale()) or i18n.ENGLISH
    speak()
    return notes


def _keep_choices() -> None:
    """Keep every choice widget's value across a change of language. The browser sends a choice as the words it
    showed (in the old language), which the new run's words would not match: the value itself is set again."""
    for key in list(st.session_state):
        value = st.session_state[key]
        if isinstance(value, str) and key != settings.LANG:
            st.session_state[key] = value


def language() -> str:
    """The page's language (a code of poolviz.i18n.languages())."""
    return st.session_state.get(LANGUAGE, i18n.ENGLISH)


def speak() -> None:
    """Speak the page's language in this run. A fragment that reruns alone calls it first: a run's language is
    context-local, and a fragment's rerun is a run of its own."""
    i18n.use(language())


def _load_inputs(inputs: Inputs) -> None:
    """Put inputs into the sidebar's widgets, before they are drawn."""
    for key, value in asdict(inputs).items():
        st.session_state[key] = value
    st.session_state[SAME_STRIDE] = inputs.sh == 0 and inputs.sw == 0


def finish(inputs: Inputs, place: Place) -> None:
    """Keep the place for the next run and write the URL, once per run."""
    st.session_state[PLACE] = place
    st.query_params.from_dict(settings.to_query(inputs, place, live=st.session_state.get(LIVE), lang=language()))


def user_value(key: str) -> Any | None:
    """A place control's value when the user changed it since it was last drawn (this run's event), else None.

    A control not drawn before in this session (the run that read the link, a reconnected page) has no
    change: the place wins.
    """
    shown = st.session_state.get(SHOWN, {})
    if key in shown and key in st.session_state and st.session_state[key] != shown[key]:
        return st.session_state[key]
    return None


def show(key: str, value: Any) -> None:
    """Draw a place control (view, pass, step, slider, presenter switch) with `value`: call it just before."""
    st.session_state[key] = value
    st.session_state.setdefault(SHOWN, {})[key] = value


def control(key: str, wanted: Any) -> Any:
    """The user's new value of a place control if they changed it, else `wanted`; the control will show it."""
    moved = user_value(key)
    value = wanted if moved is None else moved
    show(key, value)
    return value


def changed(key: str, value: Any) -> bool:
    """Whether a widget's value differs from the one it had on the last run (e.g. a newly chosen sample)."""
    shown = st.session_state.setdefault(SHOWN, {})
    before = shown.get(key, value)
    shown[key] = value
    return before != value


def widget(key: str, default: Any = None) -> Any:
    """A widget's value read before (or without) drawing it."""
    return st.session_state.get(key, default)


def new_event(key: str) -> Any | None:
    """A chart's selection when it is new since the last run (a click), else None."""
    event = st.session_state.get(key)
    return event if changed(key, repr(event)) else None


def component_moment(key: str) -> str | None:
    """The moment a stage component last reported from the browser ("PHASE:STEP:K"), if any."""
    value = st.session_state.get(key)
    moment = value.get("moment") if hasattr(value, "get") else getattr(value, "moment", None)
    return moment if isinstance(moment, str) else None


def set_widgets(**values: Any) -> None:
    """Set widgets' values before they are drawn in this run (e.g. a sample picture's own size)."""
    for key, value in values.items():
        st.session_state[key] = value


def default_widget(key: str, value: Any) -> None:
    """Give a widget a starting value when it has none (or 0, "same as the pool"), before it is drawn."""
    if not st.session_state.get(key):
        st.session_state[key] = value


def choose_preset(preset: Preset, place: Place) -> Place:
    """A preset's inputs go into the sidebar's widgets (before they are drawn); returns its place."""
    _load_inputs(preset.inputs)
    st.session_state[PRESET] = preset.key
    return Place(**{**asdict(preset.place), "present": place.present, "theme": place.theme})


def chosen_preset() -> str | None:
    return st.session_state.get(PRESET)


def run_number() -> int:
    """The number of this full run of the page in the session (1 on the first); a fragment's rerun keeps it."""
    return st.session_state.get(RUNS, 0)


def browser_scheme() -> str | None:
    """The browser's light or dark choice as the page last reported it ("light", "dark"), None before it has."""
    scheme = st.context.theme.type
    return scheme if scheme in ("light", "dark") else None


def place() -> Place:
    return st.session_state.get(PLACE, Place())


def go(place: Place) -> None:
    """Keep `place` now (for a fragment that reruns alone, or a button that reruns the page)."""
    st.session_state[PLACE] = place


def memory(view: str) -> dict[str, Any]:
    """The view's own dict for this session (kept while other views are shown)."""
    return st.session_state.setdefault(MEMORY, {}).setdefault(view, {})


def correct_widgets(values: dict[str, Any], notes: list[str]) -> NoReturn:
    """Widgets drawn this run hold values the page cannot use (a pool larger than the input): rerun now, with the
    widgets showing `values` and the page showing `notes`. Streamlit lets no drawn widget change in its own run.

    The run cut short does not count in `run_number`.
    """
    st.session_state[CORRECTIONS] = {"values": dict(values), "notes": list(notes)}
    st.session_state[RUNS] = st.session_state.get(RUNS, 1) - 1
    st.rerun()


def take_corrections() -> list[str]:
    """Before the widgets are drawn: put in the values `correct_widgets` kept; returns its notes (once)."""
    corrections = st.session_state.pop(CORRECTIONS, None)
    if not corrections:
        return []
    for key, value in corrections["values"].items():
        st.session_state[key] = value
    return corrections["notes"]


def typed_cells(grid: str) -> dict[tuple[int, int], Any]:
    """The cells of a typed grid ("X", "dA") as last seen, {(row, col): text}: a new size starts from them."""
    return st.session_state.setdefault(TYPED, {}).setdefault(grid, {})


# --- a live class (issue 10) ---------------------------------------------------------------------------------


def teacher_link() -> dict[str, str]:
    """The teacher's class link ({"class", "key"}, or {}): read from the URL on the session's first call."""
    if LIVE not in st.session_state:
        st.session_state[LIVE] = settings.live_from_query(_params())
    return dict(st.session_state[LIVE])


def set_teacher_link(code: str | None, key: str | None = None) -> None:
    """Keep the class this page runs (None: none); `finish` writes it into the URL with the place."""
    st.session_state[LIVE] = {"class": code, "key": key} if code and key else {}


def student_link() -> dict[str, str]:
    """A student's link: {"join": code, "me": student id or ""}; {} when the page was not opened by ?join=."""
    return settings.student_from_query(_params())


def set_student_link(code: str, student: str | None) -> None:
    """The student's page link once joined: a reload or a restarted server finds the same student (None: not yet)."""
    link = {"join": code, "me": student} if student else {"join": code}
    if language() != i18n.ENGLISH:
        link[settings.LANG] = language()
    st.query_params.from_dict(link)
