"""The live class's pages through AppTest: the teacher's view (start, ask, reveal, again, move on) and a student's.

Each test has a SQLite store of its own (POOLVIZ_STORE in a tmp folder): the page and the test use the same file,
so the test can check what the page stored, and play the other side (a student, an expired class) directly.
"""

from __future__ import annotations

import base64
import json
import re
import time
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from poolviz.app import live_board
from poolviz.classroom import DAY_S, open_store
from poolviz.trace import record
from tests.apptest_helpers import APP, array, figures, no_problems

TAP = {"point_indices": [0], "box": [], "lasso": []}


@pytest.fixture
def store_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite://{tmp_path / 'class.db'}"
    monkeypatch.setenv("POOLVIZ_STORE", url)
    return url


def page(query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def param(at: AppTest, name: str) -> str:
    """A parameter of the page's URL (older Streamlit's AppTest keeps each as a list)."""
    value = at.query_params[name]
    return value[0] if isinstance(value, list) else value


def teacher_page(**query: str) -> AppTest:
    return page({"view": "live", **query})


def start_class() -> tuple[AppTest, str, str]:
    at = teacher_page()
    no_problems(at)
    at.button(key="live_start").click().run()
    no_problems(at)
    return at, param(at, "class"), param(at, "key")


def join(code: str, nickname: str = "") -> AppTest:
    at = page({"join": code})
    no_problems(at)
    if nickname:
        at.text_input(key="live_nickname").input(nickname)
    at.button(key="live_join").click().run()
    no_problems(at)
    return at


def tap(at: AppTest, rnd: int, cell: tuple[int, int]) -> AppTest:
    """A tap on a cell of the student's board: the chart's selection event, as Streamlit delivers it."""
    n = at.session_state["memory"]["live student"].get(("taps", rnd), 0)  # each tap gets a fresh chart
    event = {"selection": {"points": [{"customdata": {"0": cell[0], "1": cell[1]}}], **TAP}}
    at.session_state[f"live_tap_{rnd}_{n}"] = event
    return at.run()


def texts(at: AppTest) -> list[str]:
    """Every text the page shows (markdown, text, captions, alerts, metrics, buttons)."""
    found = [
        e.value for kind in ("markdown", "text", "caption", "error", "warning", "info", "success") for e in at.get(kind)
    ]
    found += [f"{m.label} {m.value}" for m in at.metric] + [b.label for b in at.button]
    return [str(t).replace("\\", "") for t in found]  # as read: Markdown's escapes dropped


def protos(at: AppTest) -> list[object]:
    """Every element's protobuf, as the browser gets it."""
    out: list[object] = []

    def walk(node: object) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            out.append(proto)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return out


def everything(at: AppTest) -> str:
    """The whole page as text, to look for what must not be there."""
    return "\n".join(str(p) for p in protos(at))


def metric(at: AppTest, label_start: str) -> str:
    [value] = [m.value for m in at.metric if m.label.startswith(label_start)]
    return value


def expected_trace():
    """The page's built-in example (the default inputs), as the teacher's page traces it."""
    from poolviz.app import data
    from poolviz.app.settings import DEFAULT

    X, _, _ = data.build_input(DEFAULT)
    return record(X, (2, 2), (2, 2), "max")


# --- the teacher -----------------------------------------------------------------------------------------------


def test_the_teacher_starts_a_class_with_a_code_a_join_link_and_a_qr_code(store_url: str) -> None:
    at, code, key = start_class()
    assert len(code) == 6 and len(key) >= 24
    assert open_store(store_url).is_teacher(code, key)
    assert metric(at, "Students joined") == "0"
    [link] = [t.value for t in at.text if "?join=" in t.value]
    assert link.endswith(f"?join={code}") and key not in link
    [qr] = [p.body for p in protos(at) if type(p).__name__ == "Html" and "<img" in p.body]  # the QR code
    assert f'alt="QR code of the join link {link}"' in qr  # a text alternative that says the link
    png = base64.b64decode(re.search(r'src="data:image/png;base64,([^"]+)"', qr).group(1))
    assert png.startswith(b"\x89PNG")
    # the key is in the teacher's own link and nowhere on the page the projector shows
    assert key not in everything(at)
    assert any(f"Join: {code}" in t for t in texts(at))


def test_the_teachers_link_reopens_the_class_and_a_wrong_key_is_refused(store_url: str) -> None:
    _, code, key = start_class()
    again = teacher_page(**{"class": code, "key": key})
    no_problems(again)
    assert param(again, "key") == key and again.button(key="live_ask")
    for wrong in ({"class": code, "key": "not-the-key-" + "x" * 20}, {"class": code}):
        at = teacher_page(**wrong)
        assert not at.exception
        [error] = [e.value for e in at.error]
        assert "teacher key" in error and "join" in error
        assert not [b for b in at.button if b.key in ("live_ask", "live_reveal")]
        assert key not in everything(at)
        assert "key" not in at.query_params  # the refused key is not kept


def test_unknown_and_expired_codes_get_a_plain_message(store_url: str) -> None:
    past = open_store(store_url, clock=lambda: time.time() - 2 * DAY_S)
    expired, expired_key = past.create_class()
    for code in ("ZZZZZZ", expired, "not a code!", ""):
        student = page({"join": code})
        assert not student.exception, code
        [error] = [e.value for e in student.error]
        assert "class" in error and "Traceback" not in error
        assert not [b for b in student.button if b.key == "live_join"]
    teacher = teacher_page(**{"class": expired, "key": expired_key})
    assert not teacher.exception
    [error] = [e.value for e in teacher.error]
    assert "No class has the code" in error
    assert teacher.button(key="live_start")


# --- the students ----------------------------------------------------------------------------------------------


def test_a_nickname_with_markup_is_shown_as_plain_text(store_url: str) -> None:
    _, code, key = start_class()
    nickname = "**Bo** <img src=x>"
    student = join(code, nickname)
    assert [t.value for t in student.text] == [nickname]
    assert not [m for m in student.markdown if "Bo" in m.value]  # never through Markdown
    assert param(student, "join") == code and param(student, "me")
    assert key not in everything(student)
    # no nickname is fine too: it is never required
    plain_student = join(code)
    assert not plain_student.text
    assert open_store(store_url).students(code) == 2


def test_a_nickname_the_store_refuses_gets_its_message(store_url: str) -> None:
    _, code, _ = start_class()
    at = page({"join": code})
    at.text_input(key="live_nickname").input("tab\there")  # a control character: refused, said plainly
    at.button(key="live_join").click().run()
    assert not at.exception
    [error] = [e.value for e in at.error]
    assert "nickname" in error and "me" not in at.query_params


def test_three_students_two_rounds_and_the_reveal(store_url: str) -> None:
    store = open_store(store_url)
    teacher, code, key = start_class()
    teacher.button(key="live_ask").click().run()  # the default kind: which cell will the pool pick, window (0, 0)
    no_problems(teacher)
    trace = expected_trace()
    right = trace.picked(0, 0, 0)
    wrong = next((r, c) for r in range(2) for c in range(2) if (r, c) not in right)
    rnd = store.current(code)["round"]["id"]
    assert "right" not in store.current(code)["round"]  # what every phone reads holds no right answer

    students = [join(code, f"s{n}") for n in range(3)]
    for n, student in enumerate(students):
        assert any("will max pooling pick" in t for t in texts(student))
        tap(student, rnd, right[0] if n < 1 else wrong)
        no_problems(student)
        student.button(key=f"live_send_{rnd}").click().run()
        no_problems(student)
        assert any("Your answer is in" in t for t in texts(student))
        assert not [b for b in student.button if b.key == f"live_send_{rnd}"]  # no second answer from the page
    # one answer per student: a second one is refused by the store, not counted
    me = param(students[0], "me")
    assert store.answer(code, rnd, me, [list(wrong)]) is False
    # a reload of the same student's link is the same student: already answered
    reloaded = page({"join": code, "me": me})
    assert any("Your answer is in" in t for t in texts(reloaded))

    teacher.run()
    assert metric(teacher, "Answers") == "3" and metric(teacher, "Students joined") == "3"
    assert store.tally(code, rnd)["counts"] == {}  # nothing shown to students before the reveal
    teacher.button(key="live_reveal").click().run()
    no_problems(teacher)
    assert any("33% right" in t for t in texts(teacher))
    [fig] = [f for f in figures(teacher) if any(t.get("colorscale") for t in f["data"])][-1:]
    heat = [t for t in fig["data"] if t["type"] == "heatmap" and t.get("texttemplate") == "%{z:.0f}"]
    z = array(heat[0]["z"])
    assert z[right[0]] == 1 and z[wrong] == 2 and np.nansum(z) == 3
    verdicts = [texts(s) for s in (s.run() for s in students)]
    assert any("Right!" in t for t in verdicts[0]) and any("Not this time" in t for t in verdicts[1])
    assert any("33% of the class" in t for t in verdicts[2])

    teacher.button(key="live_again").click().run()  # talk to your neighbour, answer again
    no_problems(teacher)
    again = store.current(code)["round"]
    assert again["again"] == rnd
    for student in students:
        student.run()
        tap(student, again["id"], right[0])
        student.button(key=f"live_send_{again['id']}").click().run()
        no_problems(student)
    teacher.run()
    assert metric(teacher, "Answers") == "3"
    teacher.button(key="live_reveal").click().run()
    no_problems(teacher)
    shown = " ".join(texts(teacher))
    assert "100% right" in shown and "33% → 100% right" in shown and "2 wrong → right" in shown
    csv_text = store.round_csv(code, key, again["id"])
    assert "s0" not in csv_text and me not in csv_text  # anonymous
    assert len(teacher.get("download_button")) == 2


def test_students_follow_the_teacher_when_the_window_moves(store_url: str) -> None:
    teacher, code, _ = start_class()
    student = join(code)
    assert any("window (0, 0)" in t for t in texts(student))
    teacher.button(key="live_next").click().run()
    no_problems(teacher)
    # the walkthrough's place moved too, to the first step that shows a window
    assert (param(teacher, "step"), param(teacher, "window")) == ("4", "0,1")
    assert open_store(store_url).current(code)["step"]["window"] == [0, 1]
    student.run()
    assert any("window (0, 1)" in t for t in texts(student))


def test_students_follow_the_teacher_stepping_in_the_walkthrough(store_url: str) -> None:
    teacher, code, _ = start_class()
    student = join(code)
    teacher.segmented_control(key="view").set_value("walk").run()
    teacher.session_state["stage"] = {"moment": "backward:9hw:5"}  # the teacher steps on the stage
    teacher.run()
    no_problems(teacher)
    step = open_store(store_url).current(code)["step"]
    assert (step["phase"], step["step"], step["window"]) == ("backward", "9hw", [1, 2])
    student.run()
    assert any("window (1, 2)" in t for t in texts(student))


def test_a_typed_shape_question_is_answered_and_revealed(store_url: str) -> None:
    store = open_store(store_url)
    teacher = teacher_page()
    teacher.button(key="live_start").click().run()
    code = param(teacher, "class")
    teacher.session_state["live_kind"] = "shape"
    teacher.run()
    teacher.button(key="live_ask").click().run()
    no_problems(teacher)
    rnd = store.current(code)["round"]
    assert rnd["kind"] == "shape"
    student = join(code)
    student.number_input(key=f"live_oh_{rnd['id']}").set_value(3)
    student.number_input(key=f"live_ow_{rnd['id']}").set_value(2)
    [send] = [b for b in student.button if b.label == "Send"]
    send.click().run()
    no_problems(student)
    assert store.my_answer(code, rnd["id"], param(student, "me")) == [3, 2]
    teacher.run()
    teacher.button(key="live_reveal").click().run()
    no_problems(teacher)
    assert any("0% right" in t for t in texts(teacher))
    bars = [f for f in figures(teacher) if f["data"] and f["data"][0]["type"] == "bar"]
    assert bars and bars[0]["data"][0]["x"] == ["(3, 2)"]


# --- the questions, from the trace -----------------------------------------------------------------------------


def test_right_answers_come_from_the_trace() -> None:
    X = np.array([[1, 5, 2, 2], [5, 0, 2, 1], [0, 0, 3, 3], [1, 0, 3, 0]], dtype=float)[None, :, :, None]
    dA = np.array([[2.0, 0.0], [1.0, -1.0]])[None, :, :, None]
    trace = record(X, (2, 2), (2, 2), "max", dA)
    q, right = live_board.question(trace, 0, 0, 0, "pick")
    assert right == [[0, 1], [1, 0]] and "right" not in json.dumps(q)  # a tie: both fives
    _, right = live_board.question(trace, 0, 0, 1, "grad")
    assert right == []  # dA is 0 at window (0, 1): this window changes nothing
    _, right = live_board.question(trace, 0, 0, 3, "grad")
    assert right == [[2, 2], [2, 3], [3, 2]]
    q, right = live_board.question(trace, 0, 0, 0, "value")
    assert q["cell"] == [0, 1] and right == 2.0
    _, right = live_board.question(trace, 0, 0, 0, "shape")
    assert right == [2, 2]
    assert live_board.kinds_for(record(X, 2, 2, "avg")) == ["grad", "shape", "value"]
    # a phone rebuilds the same trace from the question's board
    again = live_board.board_trace(q["board"])
    assert np.array_equal(again.X, trace.X) and np.array_equal(again.dX, trace.dX)
    assert "(0, 1) by +2" in live_board.right_words(live_board.question(trace, 0, 0, 0, "grad")[0], [[0, 1], [1, 0]])


def test_a_nan_survives_the_board() -> None:
    X = np.array([[np.nan, 1], [2, 3]])[None, :, :, None]
    trace = record(X, 2, 2, "max")
    q, right = live_board.question(trace, 0, 0, 0, "pick")
    assert right == [] and q["board"]["X"][0][0] is None
    assert np.isnan(live_board.board_trace(q["board"]).X[0, 0, 0, 0])


def test_a_link_with_a_student_id_that_never_joined_asks_to_join_again(store_url: str) -> None:
    teacher, code, _ = start_class()
    teacher.button(key="live_ask").click().run()
    rnd = open_store(store_url).current(code)["round"]["id"]
    stranger = page({"join": code, "me": "made-up-student-id"})
    tap(stranger, rnd, (0, 0))
    stranger.button(key=f"live_send_{rnd}").click().run()
    assert not stranger.exception
    assert any("join again" in t for t in texts(stranger))
    assert "me" not in stranger.query_params
    assert open_store(store_url).tally(code, rnd)["answered"] == 0


def test_grad_and_value_questions_through_the_pages(store_url: str) -> None:
    store = open_store(store_url)
    teacher = teacher_page(phase="backward", step="9hw", window="1,1")
    teacher.button(key="live_start").click().run()
    code, key = param(teacher, "class"), param(teacher, "key")
    teacher.session_state["live_kind"] = "grad"
    teacher.run().button(key="live_ask").click().run()
    no_problems(teacher)
    rnd = store.current(code)["round"]
    assert rnd["question"]["window"] == [1, 1] and rnd["kind"] == "grad"
    right = store.round(code, rnd["id"], key)["right"]
    student = join(code)
    for cell in right:  # tap every cell that changes: each tap adds one
        tap(student, rnd["id"], tuple(cell))
    send = student.button(key=f"live_send_{rnd['id']}")
    assert send.label == "Send: " + ", ".join(f"({r}, {c})" for r, c in right)
    send.click().run()
    assert store.my_answer(code, rnd["id"], param(student, "me")) == right
    teacher.run().button(key="live_reveal").click().run()
    no_problems(teacher)
    assert any("100% right" in t for t in texts(teacher)) and any(" by +1" in t for t in texts(teacher))

    teacher.session_state["live_kind"] = "value"
    teacher.run().button(key="live_ask").click().run()
    no_problems(teacher)
    rnd = store.current(code)["round"]
    r, c = rnd["question"]["cell"]
    student.run()
    student.number_input(key=f"live_val_{rnd['id']}").set_value(1.0)
    [send] = [b for b in student.button if b.label == "Send"]
    send.click().run()
    no_problems(student)
    assert store.my_answer(code, rnd["id"], param(student, "me")) == 1
    teacher.run().button(key="live_reveal").click().run()
    no_problems(teacher)
    assert any(f"dX[{r}, {c}] =" in t for t in texts(teacher))


def test_every_live_figure_is_valid_plotly() -> None:
    import plotly.graph_objects as go

    from poolviz.figures.live import answers_figure, board_figure, reveal_figure

    trace = expected_trace()
    for kind in ("pick", "grad", "value", "shape"):
        go.Figure(board_figure(trace, kind, 4, chosen=frozenset({(2, 2)}), right=frozenset({(3, 3)}), clickable=True))
        go.Figure(board_figure(trace, kind, 4, cell=(2, 3)))
    for kind in ("pick", "grad"):
        fig = reveal_figure(trace, kind, 4, [[2, 2, 5], [2, 3, 1]], 6, [[2, 3]])
        go.Figure(fig)
        assert fig["layout"]["width"] <= 1400
    go.Figure(answers_figure([("(3, 3)", 20, True), ("(2, 2)", 4, False)], "The class: 24 answers"))
    phone = board_figure(trace, "pick", 0, clickable=True)
    assert phone["layout"]["width"] <= 360  # a 390 px phone, less the page's margins
