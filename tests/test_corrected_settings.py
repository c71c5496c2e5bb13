"""A setting the page cannot use (a pool larger than the input) is corrected in its own box, and the page says what
happened and what to change (AppTest)."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from tests.apptest_helpers import new_app, no_problems, stage


def _warnings(at) -> str:
    return " ".join(w.value.replace("\\", "") for w in at.warning)


def test_a_pool_taller_than_the_input_shows_the_height_used() -> None:
    at = new_app({"h": "7", "w": "7"})
    at.sidebar.number_input(key="ph").set_value(8).run()
    no_problems(at)
    assert at.sidebar.number_input(key="ph").value == 7  # the box shows what the page uses
    assert stage(at)["payload"]["d"]["ph"] == 7
    said = _warnings(at)
    assert "A pool height of 8 does not fit the input height (7): the pool height is now 7." in said
    assert "first make Height h at least 8" in said
    assert at.query_params["ph"] == "7"
    at.sidebar.number_input(key="pw").set_value(3).run()  # the next change: the note has been said
    assert "does not fit" not in _warnings(at) and at.sidebar.number_input(key="ph").value == 7


def test_shrinking_the_input_below_the_pool_shrinks_the_pool_in_its_box() -> None:
    at = new_app({"ph": "4", "pw": "4"})
    at.sidebar.number_input(key="w").set_value(3).run()
    no_problems(at)
    assert at.sidebar.number_input(key="pw").value == 3 and at.sidebar.number_input(key="ph").value == 4
    assert "A pool width of 4 does not fit the input width (3): the pool width is now 3." in _warnings(at)
    assert "first make Width w at least 4" in _warnings(at)
    assert stage(at)["payload"]["d"]["pw"] == 3


def test_a_pool_larger_than_an_uploaded_picture_shows_the_size_used() -> None:
    buffer = io.BytesIO()
    Image.fromarray(np.arange(30, dtype=np.uint8).reshape(5, 6) * 8, mode="L").save(buffer, format="PNG")
    at = new_app({"source": "upload", "ph": "8", "pw": "4"})
    at.file_uploader(key="upload_file").set_value(("small.png", buffer.getvalue(), "image/png")).run()
    no_problems(at)
    assert at.sidebar.number_input(key="ph").value == 5 and at.sidebar.number_input(key="pw").value == 4
    said = _warnings(at)
    assert "A pool height of 8 does not fit the picture height (5): the pool height is now 5." in said
    assert "use a picture at least 8 pixels tall" in said
    assert stage(at)["payload"]["d"]["ph"] == 5
