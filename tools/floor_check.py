"""Does poolviz work with the LOWEST versions its pyproject.toml declares? Run by .ci/floors in a fresh venv.

Checks, one line each, then `floor check: all N checks passed` (or `K of N checks FAILED`); exit 1 when any failed:
- streamlit features: a tiny script that calls every newer Streamlit feature the page relies on (so the
  streamlit floor stays honest even before or after the page starts or stops using one of them);
- the page through AppTest, using only its public contracts: app.py, what it sends the stage (the stage component
  with key "stage": its data's payload and goto moment), the stage's report (its state {"moment": ...}), and
  the URL's phase/step/window: the default page, three reported steps, the backward pass from a link;
- what the page offers besides the walkthrough, without Streamlit: pandas (a typed grid), Pillow (a sample
  picture, an upload, the GIF), plotly (the offline web page) and kaleido (the PNG, when a Chromium is here;
  under CI=true a missing Chromium is a failure).

`python tools/floor_check.py` from any folder; it needs no pytest.
"""

from __future__ import annotations

import io
import json
import os
import sys
import time
import traceback
import warnings
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
APP = str(REPO / "app.py")
TIMEOUT = 60
RUNTIME = ("streamlit", "plotly", "numpy", "pillow", "pandas", "kaleido", "babel")


class CannotRunHereError(Exception):
    """The check cannot run on this machine (and that is allowed here)."""


# ---- streamlit features the page uses ------------------------------------------------------------------------

FEATURES = """
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

st.button("Next", key="b", shortcut="Right", width="stretch", help="h")
st.segmented_control(
    "Pass", ["forward", "backward"], key="seg", default="forward", required=True, persist_state="session"
)
st.radio("Pool", ["max", "min"], key="radio", horizontal=True, persist_state="session")
st.selectbox("Values", ["integers", "floats"], key="select", persist_state="session")
st.number_input("Seed", min_value=0, max_value=9, step=1, key="seed", persist_state="session")
st.checkbox("Same strides", key="check", persist_state="session")
st.toggle("Presenter", key="toggle", persist_state="session")
st.slider("Step", 0, 9, 0, key="slider", persist_state="session")
fig = go.Figure(go.Scatter(x=[0, 1], y=[0, 1], mode="markers"))
st.plotly_chart(fig, key="chart", on_select="rerun", selection_mode="points", width="content", theme=None)

@st.fragment(run_every=60)
def ticker():
    st.caption("tick")

ticker()
stage = st.components.v2.component(
    "floor_probe", html="<div>stage</div>", css="div { color: black; }",
    js="export default function(component) { return () => {}; }",
)
stage(data={"n": 1}, key="stage", on_moment_change=lambda: None)  # a state the browser sets, as poolviz/stage
with st.container(key="header", horizontal=True, vertical_alignment="center", gap="small"):  # the page's header row
    st.title("Pooling", anchor=False)
grid = st.data_editor(
    pd.DataFrame([["1", None]], columns=["0", "1"]), key="grid", num_rows="fixed", width="content", placeholder=""
)  # a cleared cell shows empty
st.dataframe(pd.DataFrame({"rule": ["EpyNN"], "sum": [3.0]}), hide_index=True)
st.dataframe(pd.DataFrame([["⚠ x"]]).style.apply(lambda f: f.map(lambda _: "background-color: #ffe1cc"), axis=None))
st.caption(str(st.context.theme.type))  # the browser's light or dark, for the charts of "follow the browser"
"""


def _problems(at) -> list[str]:
    return [f"exception: {e.message}" for e in at.exception] + [f"st.error: {e.value}" for e in at.error]


def check_streamlit_features() -> str:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(FEATURES, default_timeout=TIMEOUT).run()
    if problems := _problems(at):
        raise AssertionError("; ".join(problems))
    return (
        "button(shortcut), segmented_control(required), persist_state, plotly_chart(on_select), "
        "components.v2, container(horizontal), data_editor(placeholder), dataframe(Styler), context.theme"
    )


# ---- the page through AppTest --------------------------------------------------------------------------------


def _page(query: dict[str, str] | None = None):
    from streamlit.testing.v1 import AppTest

    # Streamlit 1.59's AppTest gives each instance a runtime with an empty registry of v2 components, and the stage
    # registers itself when poolviz.stage.component is imported (once per process, as on a real server, where every
    # session shares the one runtime): a second AppTest would find no stage. A fresh import of the page's modules
    # is a fresh server's. (Newer AppTests register the component on their own runtime themselves.)
    for name in [m for m in sys.modules if m.startswith(("poolviz.app", "poolviz.stage.component"))]:
        del sys.modules[name]
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at


# The walkthrough is the stage (a components v2 element): AppTest runs no JavaScript, so it reads what the page
# sends the stage and stands in for the browser's report. The same few lines as tests/apptest_helpers.py (this
# venv has no pytest, so no tests/ import).
STAGE_KEY = "stage"


def _find(node, kind: str) -> list:
    found = []
    for child in getattr(node, "children", {}).values():
        if type(getattr(child, "proto", None)).__name__ == kind:
            found.append(child)
        found += _find(child, kind)
    return found


def _sent(at) -> dict:
    """What the page sent the stage: {"payload": the stage data, "goto": "PHASE:STEP:K" or None, "present"}."""
    if problems := _problems(at):
        raise AssertionError("; ".join(problems))
    elements = _find(at._tree, "BidiComponent")
    if len(elements) != 1:
        raise AssertionError(f"the page mounts {len(elements)} stage components, not 1")
    sent = json.loads(elements[0].proto.json)
    return {**sent, "payload": json.loads(sent["payload"])}


def _url(at) -> str:
    """The place the URL holds, the page's defaults filled in: "PHASE:STEP:ROW,COL"."""
    q = at.query_params

    def get(name: str, default: str) -> str:
        value = q.get(name, default)
        return value[-1] if isinstance(value, list) else value  # Streamlit 1.59's AppTest: a list of values

    return f"{get('phase', 'forward')}:{get('step', '1')}:{get('window', '0,0')}"


def _expect(got: str, want: str, what: str) -> None:
    if got != want:
        raise AssertionError(f"{what} is {got!r}, not {want!r}")


def page_checks() -> list[tuple[str, Callable[[], str]]]:
    state: dict[str, object] = {}

    def default() -> str:
        at = _page().run()
        sent = _sent(at)
        d = sent["payload"]["d"]
        _expect(f"{d['oh']}×{d['ow']}", "3×3", "the default input's grid of windows")
        _expect(str(sent["goto"]), "forward:1:0", "the default page's stage moment")
        _expect(_url(at), "forward:1:0,0", "the default page's URL place")
        state["at"] = at
        return f"the stage opens on {sent['goto']} with {len(sent['payload']['X'])} sample(s) of X"

    def reported(moment: str, url: str) -> Callable[[], str]:
        def run() -> str:
            if "at" not in state:
                raise AssertionError("the default page did not load")
            at = state["at"]
            at.session_state[STAGE_KEY] = {"moment": moment}  # the browser stepped there and said so
            at.run()
            _sent(at)  # the page still mounts the stage, with no exception and no st.error
            _expect(_url(at), url, f"the URL after the stage reported {moment}")
            return f"URL {url}"

        return run

    def backward(step: str) -> Callable[[], str]:
        def run() -> str:
            at = _page({"phase": "backward", "step": step, "window": "1,2"}).run()
            sent = _sent(at)
            _expect(str(sent["goto"]), f"backward:{step}:5", "the stage moment of the link")
            _expect(_url(at), f"backward:{step}:1,2", "the URL place")
            return f"the stage opens on {sent['goto']}"

        return run

    def spanish() -> str:
        at = _page({"lang": "es", "source": "floats", "pool": "avg"}).run()
        sent = _sent(at)
        _expect(at.title[0].value, "Pooling, paso a paso", "the page's title with ?lang=es")
        title = sent["payload"]["steps"]["forward"][0]["title"]
        _expect(title, "Inicializar la caché: la entrada X", "the stage's first step with ?lang=es")
        lead = sent["payload"]["steps"]["backward"][5]["text"][0][1]
        if "0,25" not in lead:
            raise AssertionError(f"avg's weight is not written 0,25 in Spanish: {lead!r}")
        return "the installed catalogue speaks Spanish, numbers with a decimal comma"

    return [
        ("page: default", default),
        ("babel: ?lang=es", spanish),
        ("page: stage reports forward (2), window (0, 1)", reported("forward:2:1", "forward:2:0,1")),
        ("page: stage reports forward (4), window (2, 2)", reported("forward:4:8", "forward:4:2,2")),
        ("page: stage reports backward (7hw), window (1, 0)", reported("backward:7hw:3", "backward:7hw:1,0")),
        ("page: ?phase=backward&step=9hw&window=1,2", backward("9hw")),
        ("page: ?phase=backward&step=6hw&window=1,2", backward("6hw")),
    ]


# ---- what the page offers besides the walkthrough, without Streamlit -------------------------------------------


def _small_trace():
    from poolviz import inputs
    from poolviz.trace import record

    return record(inputs.random_integers((1, 6, 6, 1), 0), 2, 2, "max")


def check_typed_grid() -> str:
    import pandas as pd

    from poolviz import inputs

    frame = pd.DataFrame([["1", "2"], ["3", "x"]], columns=["0", "1"])
    try:
        inputs.parse_grid(frame.to_numpy(dtype=object).tolist())
    except inputs.InputError:
        pass
    else:
        raise AssertionError("a typed 'x' was accepted")
    frame.iloc[1, 1] = "4"
    grid = inputs.parse_grid(frame)
    if grid.tolist() != [[1, 2], [3, 4]]:
        raise AssertionError(f"typed grid read as {grid.tolist()}")
    return "a DataFrame from the data editor is read, a bad cell refused"


def check_pictures() -> str:
    from PIL import Image

    from poolviz import inputs

    sample = inputs.load_sample("smiley", 16, 16)
    buf = io.BytesIO()
    Image.fromarray((sample * 0 + 128).astype("uint8")).save(buf, format="PNG")
    image, _ = inputs.image_from_bytes(buf.getvalue(), max_side=64)
    if sample.shape != (16, 16) or image.ndim != 2:
        raise AssertionError(f"sample {sample.shape}, upload {image.shape}")
    return "a sample picture and an uploaded PNG"


def check_gif() -> str:
    from PIL import Image, ImageFont

    from poolviz import export

    ImageFont.load_default(size=14)  # the GIF's font where DejaVu is not installed (Pillow >= 10.1)
    data = export.walkthrough_gif(_small_trace(), 0, 0)
    img = Image.open(io.BytesIO(data))
    if img.format != "GIF" or img.n_frames < 2:
        raise AssertionError(f"{img.format} with {getattr(img, 'n_frames', 1)} frame(s)")
    return f"{img.n_frames} frames, {len(data) // 1024} KB"


def check_html() -> str:
    from poolviz import export

    page = export.walkthrough_html(_small_trace(), 0, 0).decode("utf-8")
    if not page.startswith("<!DOCTYPE html>") or "Plotly" not in page:
        raise AssertionError("not a page with plotly.js in it")
    return f"{len(page) // 1024} KB"


def check_png() -> str:
    import numpy as np

    from poolviz import export

    ok, why = export.png_available()
    if not ok:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            raise AssertionError(why)
        raise CannotRunHereError(why.split(". ")[0])
    z = np.arange(16.0).reshape(4, 4)
    spec = {"data": [{"type": "heatmap", "z": z, "texttemplate": "%{z}"}], "layout": {"width": 240, "height": 240}}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = export.figure_png(spec, scale=1)
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise AssertionError("kaleido gave no PNG")
    # e.g. kaleido 1.0.0 with plotly 6.1.0: a PNG this time, but kaleido says the pair is not compatible
    if said := [" ".join(str(w.message).split()) for w in caught if "kaleido" in str(w.message).lower()]:
        raise AssertionError("; ".join(said))
    return f"{len(data) // 1024} KB through {export.chromium_for_kaleido()}"


# ---- running them ----------------------------------------------------------------------------------------------


def main() -> int:
    os.chdir(REPO)  # the page reads assets/ and .streamlit/ from here, as `streamlit run app.py` would
    import streamlit as st

    # The page's config hides error details from students; here they are what a failure needs to say.
    st.set_option("client.showErrorDetails", "full")
    installed = []
    for name in RUNTIME:
        try:
            installed.append(f"{name} {version(name)}")
        except Exception:
            installed.append(f"{name} (not installed)")
    # poolviz as pip installed it (so a module the package leaves out fails here), imported before the page runs:
    # the page then uses this copy, not the one beside app.py. Without an installed poolviz, the one beside app.py.
    try:
        import poolviz
    except ImportError:
        sys.path.insert(0, str(REPO))
        import poolviz
    where = Path(poolviz.__file__).parent
    print(f"floor check, Python {sys.version.split()[0]}, poolviz from {where}: " + ", ".join(installed), flush=True)

    checks = [
        ("streamlit features", check_streamlit_features),
        *page_checks(),
        ("pandas: typed grid", check_typed_grid),
        ("pillow: pictures", check_pictures),
        ("pillow: GIF", check_gif),
        ("plotly: offline web page", check_html),
        ("kaleido: PNG", check_png),
    ]
    passed = failed = skipped = 0
    for name, check in checks:
        start = time.perf_counter()
        try:
            detail = check()
        except CannotRunHereError as why:
            skipped += 1
            print(f"  skip  {name}: {why}", flush=True)
            continue
        except Exception as error:
            failed += 1
            where = traceback.extract_tb(error.__traceback__)[-1]
            message = " ".join(str(error).split())  # one line, however many the library wrote
            print(f"  FAIL  {name}: {type(error).__name__}: {message} ({Path(where.filename).name}:{where.lineno})")
            continue
        passed += 1
        print(f"  ok    {name} ({time.perf_counter() - start:.1f} s): {detail}", flush=True)
    # Worded so that it is not read as the run's test count: that is pytest's closing line, printed before.
    tail = f" ({skipped} skipped)" if skipped else ""
    verdict = f"{failed} of {passed + failed} checks FAILED" if failed else f"all {passed} checks passed"
    print(f"floor check: {verdict}{tail}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
