"""Live class: every student predicts on a phone, the projector shows the class, then the reveal (issue 10).

Two pages over one store (poolviz/classroom):
- the teacher's, the "Live class" view (`page`): start a class (code, join link, QR code), ask a question about the
  walkthrough's current window, watch the answers come in, reveal them as a heat layer beside the right answer,
  ask again after discussion and see the shift, move on to the next window; its link holds the teacher key;
- a student's, opened by the join link ?join=CODE (`student`): no account, an optional nickname, the question's
  board and nothing else, answered by tapping cells or typing numbers; it follows the teacher (a small fragment
  polls the class's version and redraws the page when the teacher asks, reveals or moves on).
Every error of the store is a ClassroomError with a plain sentence: it is shown as text, never as a traceback.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

import streamlit as st

from poolviz import i18n
from poolviz.app import charts, class_step, live_board, state
from poolviz.app.clicks import clicked_cell
from poolviz.app.context import Context
from poolviz.app.messages import plain
from poolviz.app.qr import qr_img_html
from poolviz.app.settings import Place
from poolviz.classroom import (
    ClassNotFoundError,
    ClassroomError,
    InvalidInputError,
    Store,
    StudentNotFoundError,
    checks,
)
from poolviz.figures.live import answers_figure, board_figure, on_dX, reveal_figure
from poolviz.i18n import _
from poolviz.trace import Trace
from poolviz.trace.moments import PER_WINDOW
from poolviz.words import narration

TEACHER_POLL_S = 0.5  # the projector's count: a new answer shows within this (plus one short run)
STUDENT_POLL_S = 1.5  # a phone asks whether the teacher moved: one small query, not a page
PHONE_WIDTH_PX = 340  # a 390 px phone less Streamlit's margins
KIND_KEY, JOIN_KEY, NICK_KEY = "live_kind", "live_join", "live_nickname"
LOOPBACK = ("localhost", "127.0.0.1", "::1", "[::1]")

# Our own fixed CSS (no user content): a phone gets the whole screen for the board.
_PHONE_CSS = """
<style>
[data-testid="stMainBlockContainer"], [data-testid="stMain"] .block-container {
  padding: 4.0rem 0.7rem 0.5rem 0.7rem !important;
}
[data-testid="stMain"] [data-testid="stVerticalBlock"] { gap: 0.45rem; }
</style>
"""
_PROJECTOR_CSS = """
<style>
.st-key-live_code { container-type: inline-size; }
.st-key-live_code p { font-size: min(3.2rem, 11cqi); font-weight: 700; letter-spacing: 0.25rem; margin: 0; }
/* a tablet beside the sidebar: the code and QR code above the question, each the whole width */
.st-key-live_class { container-type: inline-size; }
@container (max-width: 760px) {
  .st-key-live_class [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] .st-key-live_code) {
    flex-wrap: wrap;
  }
  .st-key-live_class [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] .st-key-live_code) > * {
    flex: 1 1 100% !important; min-width: 100% !important;
  }
}
.st-key-live_prompt p { font-size: 1.5rem; line-height: 1.35; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: 3.4rem !important; font-weight: 700; }
[data-testid="stMetricLabel"] p { font-size: 1.3rem !important; }
</style>
"""


@st.cache_resource(max_entries=64, show_spinner=False)
def _board_trace(board_json: str) -> Trace:
    """A board's trace, shared by every phone of the class (the same question is the same JSON)."""
    return live_board.board_trace(json.loads(board_json))


def _trace_of(question: dict) -> Trace:
    return _board_trace(json.dumps(question["board"], sort_keys=True))


def _about(question: dict, k: int, board: dict) -> bool:
    """Whether a question is about window k of this board (else the teacher has moved on since)."""
    return question.get("k") == k and question.get("board") == board


def _is_right(kind: str, answer: Any, right: Any) -> bool | None:
    if right is None or answer is None:
        return None
    form = checks.KINDS[kind]
    return checks.is_right(kind, checks.answer(answer, form), checks.answer(right, form))


def _share(kind: str, counts: dict[str, int], right: Any) -> float | None:
    total = sum(counts.values())
    if not total or right is None:
        return None
    right_key = checks.answer(right, checks.KINDS[kind])
    return sum(n for key, n in counts.items() if checks.is_right(kind, key, right_key)) / total


# --- the teacher's page ----------------------------------------------------------------------------------------


def join_url(code: str) -> str:
    """The students' link: this page's own address with ?join=CODE (no key, no settings)."""
    url = st.context.url or "http://localhost:8501/"
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path or '/'}?join={code}"


def _start(store: Store, why: str | None = None) -> None:
    """No class on this page yet (or a link that cannot run one): the button that starts one."""
    if why:
        st.error(plain(why))
    st.markdown(
        _(
            "Start a class: every student opens the join link on a phone (or scans the QR code), predicts, and the "
            "projector shows the whole class before the reveal. Then talk to your neighbour and answer again."
        )
    )
    st.caption(
        _(
            "This page's address will hold the teacher key: whoever has it runs the class. On the projector, use full "
            "screen (F11) so the address bar is hidden; the students' link and QR code never hold the key."
        )
    )
    if st.button(_("Start a class"), key="live_start", type="primary"):
        try:
            code, key = store.create_class()
        except ClassroomError as error:
            st.error(plain(str(error)))
            return
        state.set_teacher_link(code, key)
        state.set_widgets(**{KIND_KEY: None})
        st.rerun()


@st.fragment(run_every=TEACHER_POLL_S)
def _live_count(store: Store, code: str) -> None:
    """The projector's live numbers: students joined and answers to the current round (counts only)."""
    state.speak()  # a fragment's own rerun: a run of its own
    try:
        now = store.current(code)
    except ClassroomError as error:
        st.error(plain(str(error)))
        return
    joined, answers = st.columns(2)
    joined.metric(_("Students joined"), now["students"])
    rnd = now["round"]
    if rnd is not None:
        answers.metric(_("Answers, round {id}", id=rnd["id"]), rnd["answered"])


def _navigate(place: Place, trace: Trace) -> Place:
    """Previous / next window (the walkthrough follows: it is the same place)."""
    d = trace.d
    k = live_board.window_of(trace, place.row, place.col)
    back, label, ahead = st.columns([1, 2, 1], vertical_alignment="center")
    moved = k
    if back.button(_("◀ Previous window"), key="live_prev", disabled=k == 0, width="stretch"):
        moved = k - 1
    if ahead.button(_("Next window ▶"), key="live_next", disabled=k == trace.n_windows - 1, width="stretch"):
        moved = k + 1
    row, col = divmod(moved, d["ow"])
    if moved != k:
        place = replace(place, row=row, col=col)
        if place.step not in PER_WINDOW[place.phase]:  # a step of no window: the first step that has one
            place = replace(place, step=PER_WINDOW[place.phase][-1 if place.phase == "forward" else 0])
    label.markdown(
        _(
            "**Window ({row}, {col})** of {oh}×{ow}, walkthrough at {phase} ({step})",
            row=row,
            col=col,
            oh=d["oh"],
            ow=d["ow"],
            phase=narration.phase_name(place.phase),
            step=place.step,
        )
    )
    return place


def _ask(store: Store, code: str, key: str, trace: Trace, ctx: Context, k: int) -> None:
    kinds = live_board.kinds_for(trace)
    pick, go = st.columns([4, 1], vertical_alignment="bottom")
    if state.widget(KIND_KEY) not in kinds:
        state.set_widgets(**{KIND_KEY: kinds[0]})
    kind = pick.segmented_control(
        _("Ask about this window"), kinds, key=KIND_KEY, format_func=i18n.labels(live_board.KIND_LABELS), required=True
    )
    if go.button(_("Ask the class"), key="live_ask", type="primary", width="stretch"):
        question, right = live_board.question(trace, ctx.i, ctx.c, k, kind)
        store.ask(code, key, question, right=right)
        st.rerun()


def _reveal_panel(store: Store, code: str, key: str, rnd: dict) -> None:
    """The class's answers beside the right answer, the share right, and after a second round the shift."""
    q, kind, right = rnd["question"], rnd["kind"], rnd["right"]
    trace = _trace_of(q)
    tally = store.tally(code, rnd["id"], key)
    counts, answered = tally["counts"], tally["answered"]
    share = _share(kind, counts, right)
    if kind in ("pick", "grad"):
        heat = store.heat(code, rnd["id"], key)
        fig = reveal_figure(trace, kind, q["k"], heat, answered, right or [], 1300)
        charts.show(fig, f"live_reveal_{rnd['id']}")
    else:
        bars = []
        for answer_key, n in sorted(counts.items(), key=lambda item: -item[1]):
            answer = json.loads(answer_key)
            bars.append((live_board.answer_words(kind, answer), n, bool(_is_right(kind, answer, right))))
        charts.show(answers_figure(bars, f"The class: {answered} answers", 1100), f"live_bars_{rnd['id']}")
    words = live_board.right_words(q, right)
    if share is None:
        st.markdown(plain(f"Right answer: {words} Nobody answered."))
    else:
        st.markdown(
            "### "
            + _("{share} right", share=i18n.percent(share))
            + "\n\n"
            + plain(_("Right answer: {words}", words=words))
        )
    if rnd["again"] is not None:
        moved = store.shift(code, rnd["again"], rnd["id"], key)
        before, after = moved["right_before"], moved["right_after"]
        if before is not None and after is not None:
            st.markdown(
                _(
                    "**Round 1 → round 2: {before} → {after} right.** {changed} of {both} students who "
                    "answered both changed their answer: {wrong_to_right} wrong → right, {right_to_wrong} "
                    "right → wrong.",
                    before=i18n.percent(before),
                    after=i18n.percent(after),
                    changed=moved["changed"],
                    both=moved["both"],
                    wrong_to_right=moved["wrong_to_right"],
                    right_to_wrong=moved["right_to_wrong"],
                )
            )


def _round_panel(store: Store, code: str, key: str, rnd: dict) -> None:
    q = rnd["question"]
    number = "round 2 (after discussion)" if rnd["again"] is not None else "round 1"
    with st.container(key="live_prompt"):
        st.markdown(plain(q["prompt"]))
    st.caption(_("Question {id}, {number}: {state}.", id=rnd["id"], number=number, state=rnd["state"]))
    if rnd["state"] != "revealed":
        trace = _trace_of(q)
        cell = tuple(q["cell"]) if "cell" in q else None
        fig = board_figure(
            trace, q["kind"], q["k"], cell=cell, title=f"{'dX' if on_dX(q['kind']) else 'X'}", width_px=620
        )
        charts.show(fig, f"live_board_{rnd['id']}")
        if st.button(_("Reveal the answers"), key="live_reveal", type="primary"):
            store.reveal(code, key, rnd["id"])
            st.rerun()
        return
    _reveal_panel(store, code, key, rnd)
    again, csv_spot = st.columns([1, 1])
    if rnd["again"] is None and again.button(_("Talk to your neighbour, then answer again"), key="live_again"):
        store.ask(code, key, again=rnd["id"])
        st.rerun()
    rounds = [rnd["again"], rnd["id"]] if rnd["again"] is not None else [rnd["id"]]
    for n in rounds:
        csv_spot.download_button(
            _("Results of question {n} (CSV, anonymous)", n=n),
            data=store.round_csv(code, key, n),
            file_name=f"poolviz-{code}-question-{n}.csv",
            mime="text/csv",
            key=f"live_csv_{n}",
            on_click="ignore",
        )


def _class_page(store: Store, ctx: Context, place: Place, code: str, key: str) -> Place:
    st.html(_PROJECTOR_CSS)
    trace = ctx.trace
    left, right = st.container(key="live_class").columns([1, 2.6], gap="large")
    with left:
        link = join_url(code)
        with st.container(key="live_code"):
            st.markdown(_("Join: {code}", code=code))  # a code is 6 of A-Z and 2-9: nothing to escape
        st.html(qr_img_html(link, 380))  # about the width of the column at 1920 px
        st.text(link)
        if urlsplit(link).hostname in LOOPBACK:
            st.caption(
                _(
                    "This address works on this computer only: for phones, serve poolviz on the network "
                    "(--server.address 0.0.0.0) and open this page by the computer's network address."
                )
            )
        _live_count(store, code)
    with right:
        place = _navigate(place, trace)
        k = live_board.window_of(trace, place.row, place.col)
        class_step.publish(store, code, key, ctx, place, k)
        rnd = store.current(code)["round"]
        here = rnd is not None and _about(rnd["question"], k, live_board.board(trace, ctx.i, ctx.c))
        if not here or rnd["state"] == "revealed":
            _ask(store, code, key, trace, ctx, k)
        if here:
            _round_panel(store, code, key, store.round(code, rnd["id"], key))
    return place


def page(ctx: Context, place: Place) -> Place:
    """The teacher's Live class view; returns the place (moving the window moves the walkthrough too)."""
    store = class_step.store()
    if store is None:
        return place
    link = state.teacher_link()
    if not link:
        _start(store)
        return place
    code, key = link.get("class", ""), link.get("key", "")
    try:
        if not key or not store.is_teacher(code, key):
            state.set_teacher_link(None)
            _start(
                store,
                f"This link's teacher key is not the key of class {code}: only the teacher's own link runs a class. "
                f"To take part, open the join link (?join={code}).",
            )
            return place
        if (why := live_board.too_large(ctx.trace)) is not None:
            st.warning(plain(why))
            return place
        return _class_page(store, ctx, place, code, key)
    except ClassNotFoundError as error:
        state.set_teacher_link(None)
        _start(store, str(error))
    except ClassroomError as error:
        st.error(plain(str(error)))
    return place


# --- a student's page ------------------------------------------------------------------------------------------


@st.fragment(run_every=STUDENT_POLL_S)
def _follow(store: Store, code: str, seen: int | None) -> None:
    """Redraw the page when the teacher asks, reveals or moves on (the class's version moved), or the class ends."""
    state.speak()  # a fragment's own rerun: a run of its own
    try:
        version = store.current(code)["version"]
    except ClassroomError:
        version = None
    if version != seen:
        st.rerun()


def _join(store: Store, code: str) -> None:
    st.markdown(_("You need no account. A nickname is optional: it shows on your phone, never on the projector."))
    nickname = st.text_input(_("Nickname (optional)"), key=NICK_KEY, max_chars=checks.NICKNAME_MAX)
    if st.button(_("Join the class"), key=JOIN_KEY, type="primary", width="stretch"):
        try:
            student = store.join(code, nickname or None)
        except InvalidInputError as error:
            st.error(plain(str(error)))
            return
        memory = state.memory("live student")
        memory.update(me=student, nickname=(nickname or "").strip() or None)
        state.set_student_link(code, student)
        st.rerun()


def _tap_key(rid: int, memory: dict) -> str:
    return f"live_tap_{rid}_{memory.get(('taps', rid), 0)}"


def _answer_cells(store: Store, code: str, me: str, rnd: dict, memory: dict) -> None:
    q, kind, rid = rnd["question"], rnd["kind"], rnd["id"]
    trace = _trace_of(q)
    chosen = set(map(tuple, memory.get(("cells", rid), [])))
    cell = clicked_cell(state.widget(_tap_key(rid, memory)))
    if cell is not None:  # every tap gets a fresh chart, so a second tap on the same cell is an event too
        chosen = (chosen ^ {cell}) if kind == "grad" else ({cell} - chosen)
        memory[("cells", rid)] = sorted(chosen)
        memory["taps", rid] = memory.get(("taps", rid), 0) + 1
    fig = board_figure(trace, kind, q["k"], chosen=frozenset(chosen), clickable=True, width_px=PHONE_WIDTH_PX)
    charts.show(fig, _tap_key(rid, memory), clickable=True)
    mine = live_board.answer_words(kind, sorted(chosen))
    if st.button(_("Send: {mine}", mine=mine), key=f"live_send_{rid}", type="primary", width="stretch"):
        _send(store, code, me, rid, [list(c) for c in sorted(chosen)], memory)


def _answer_numbers(store: Store, code: str, me: str, rnd: dict, memory: dict) -> None:
    q, rid = rnd["question"], rnd["id"]
    with st.form(f"live_form_{rid}", border=False):
        if rnd["kind"] == "shape":
            oh = st.number_input(_("oh"), min_value=1, max_value=99, value=None, step=1, key=f"live_oh_{rid}")
            ow = st.number_input(_("ow"), min_value=1, max_value=99, value=None, step=1, key=f"live_ow_{rid}")
            answer: Any = None if oh is None or ow is None else [int(oh), int(ow)]
        else:
            r, c = q["cell"]
            value = st.number_input(
                _("dX[{r}, {c}] after this window", r=r, c=c), value=None, step=0.5, key=f"live_val_{rid}"
            )
            answer = None if value is None else float(value)
        sent = st.form_submit_button(_("Send"), type="primary", width="stretch")
    if sent:
        if answer is None:
            st.warning(_("Type your answer first."))
        else:
            _send(store, code, me, rid, answer, memory)


def _send(store: Store, code: str, me: str, rid: int, answer: Any, memory: dict) -> None:
    try:
        counted = store.answer(code, rid, me, answer)
    except StudentNotFoundError:
        memory.pop("me", None)
        state.set_student_link(code, None)
        st.error(_("This page's link names no student of this class: join again (reload the page)."))
        return
    if not counted:
        st.info(_("Your first answer counts: one answer per question."))
    st.rerun()


def _own_board(rnd: dict, mine: Any, right: Any | None) -> None:
    """The board with the student's own cells (and once revealed the right ones), not clickable."""
    q, kind = rnd["question"], rnd["kind"]
    if kind not in ("pick", "grad", "value"):
        return
    trace = _trace_of(q)
    chosen = frozenset(map(tuple, mine or [])) if kind != "value" else frozenset()
    cell = tuple(q["cell"]) if "cell" in q else None
    shown = frozenset(map(tuple, right)) if right is not None and kind != "value" else frozenset()
    fig = board_figure(trace, kind, q["k"], chosen=chosen, right=shown, cell=cell, width_px=PHONE_WIDTH_PX)
    charts.show(fig, f"live_mine_{rnd['id']}")


def _question(store: Store, code: str, me: str, rnd: dict) -> None:
    memory = state.memory("live student")
    q, kind, rid = rnd["question"], rnd["kind"], rnd["id"]
    st.markdown(plain(q["prompt"]))
    mine = store.my_answer(code, rid, me)
    if rnd["state"] == "open" and mine is None:
        if kind in ("pick", "grad"):
            _answer_cells(store, code, me, rnd, memory)
        else:
            cell = tuple(q["cell"]) if "cell" in q else None
            if kind == "value":
                charts.show(board_figure(_trace_of(q), kind, q["k"], cell=cell, width_px=PHONE_WIDTH_PX), f"lv_{rid}")
            _answer_numbers(store, code, me, rnd, memory)
        return
    if rnd["state"] != "revealed":
        if mine is None:
            st.info(_("This question is closed: wait for the next one."))
        else:
            st.success(plain(f"Your answer is in: {live_board.answer_words(kind, mine)}. Wait for the reveal."))
        _own_board(rnd, mine, None)
        return
    right = rnd.get("right")
    verdict = _is_right(kind, mine, right)
    share = _share(kind, store.tally(code, rid)["counts"], right)
    words = live_board.right_words(q, right)
    if mine is None:
        st.info(plain(f"You did not answer. {words}"))
    elif verdict:
        st.success(plain(f"Right! {words}"))
    else:
        st.error(plain(f"Not this time: you said {live_board.answer_words(kind, mine)}. {words}"))
    if share is not None:
        st.markdown(_("**{share} of the class got it right.**", share=i18n.percent(share)))
    _own_board(rnd, mine, right)


def student(link: dict[str, str]) -> None:
    """A student's page, opened by ?join=CODE (and &me=ID once joined). Never a traceback: plain messages."""
    st.html(_PHONE_CSS)
    store = class_step.store()
    if store is None:
        return
    memory = state.memory("live student")
    code = link.get("join", "")
    try:
        now = store.current(code)
    except ClassroomError as error:
        st.error(plain(str(error)))
        st.caption(_("Ask your teacher for the join link or the code on the projector."))
        return
    code = now["code"]
    me = memory.get("me") or link.get("me") or None
    name = memory.get("nickname")
    st.markdown(_("**Live class {code}**", code=code) + (_(" · you are") if name else ""))
    if name:
        st.text(name)  # plain text, whatever it holds
    if me is None:
        _join(store, code)
        return
    memory["me"] = me
    try:
        rnd, s = now["round"], now["step"]
        moved_on = rnd is not None and s is not None and not _about(rnd["question"], s["k"], s["board"])
        if rnd is not None and (rnd["state"] == "open" or not moved_on):
            _question(store, code, me, rnd)
        elif s is not None:
            phase = narration.phase_name(s["phase"])
            st.markdown(
                plain(
                    _(
                        "Follow the projector: {phase} step ({step}), window {window}.",
                        phase=phase,
                        step=s["step"],
                        window=tuple(s["window"]),
                    )
                )
            )
            trace = _board_trace(json.dumps(s["board"], sort_keys=True))
            charts.show(board_figure(trace, "pick", s["k"], width_px=PHONE_WIDTH_PX), "live_step")
        else:
            st.info(_("You are in. The teacher's first question will appear here."))
    except ClassroomError as error:
        st.error(plain(str(error)))
    _follow(store, code, now["version"])
