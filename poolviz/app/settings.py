"""What the sidebar sets (Inputs), where the page is (Place), and their round trip through the URL. No Streamlit.

A teacher copies the link and the class opens on the same step: values read from a URL are
checked one by one, out-of-range ones clamped, unreadable ones refused, each with a message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace

from poolviz.i18n import ENGLISH, N_, _, languages
from poolviz.themes import AUTO, THEMES
from poolviz.trace.moments import PER_WINDOW, PHASES, Moment, steps_of

POOLS = ("max", "min", "avg")
SOURCES = {
    "integers": N_("Random whole numbers 0–9 (ties!)"),
    "floats": N_("Random decimals 0–1"),
    "relu": N_("Random numbers after ReLU (many zeros)"),
    "nan": N_("Random whole numbers with one NaN"),
    "image": N_("A sample image"),
    "upload": N_("Upload a PNG or JPEG"),
    "grid": N_("Type the values by hand"),
}
RANDOM_SOURCES = ("integers", "floats", "relu", "nan")
PICTURE_SOURCES = ("image", "upload")  # pictures: the stage draws them in grey, bright = light
GRADIENTS = {"ones": N_("All ones"), "integers": N_("Random whole numbers −3…3"), "grid": N_("Type the values by hand")}
SAMPLE_IMAGES = ("digit", "checkerboard", "edge", "smiley")
VIEWS = {
    "walk": N_("Walkthrough"),
    "quiz": N_("Quiz"),
    "ties": N_("Tie rules"),
    "lens": N_("Frameworks"),
    "race": N_("Implementation race"),
    "why": N_("Why pooling?"),
    "export": N_("Export"),
    "live": N_("Live class"),
}
MAX_SIDE = 64  # cells a side of X
# How the walkthrough shows several samples or channels: one slice, or small multiples side by side. "side" is
# every channel of sample i (every sample when d = 1); "samples" every sample of channel c; "all" every one.
SLICE_MODES = ("one", "side", "samples", "all")

# name: (lowest, highest) for whole-number values
BOUNDS = {
    "ph": (1, 8),
    "pw": (1, 8),
    "sh": (0, 8),  # 0: same as the pool height
    "sw": (0, 8),
    "m": (1, 4),
    "h": (1, MAX_SIDE),
    "w": (1, MAX_SIDE),
    "d": (1, 4),
    "seed": (0, 999_999),
    "i": (0, 3),
    "c": (0, 3),
    "present": (0, 1),
}

# The Frameworks view (the lens): the framework shown beside EpyNN, and the range of each of its settings.
LENS_FRAMEWORKS = {"torch": "PyTorch", "keras": "Keras 3", "jax": "JAX"}
LENS_FIELDS = ("fw", "pad", "dil", "ceil", "cip", "zero", "shift")
PAD_WORDS = ("valid", "same")
LENS_PAIRS = {"pad": (0, 4), "dil": (1, 4)}  # each of the two numbers of "rows,cols"
BOUNDS.update({"ceil": (0, 1), "cip": (0, 1), "zero": (0, 1), "shift": (-9, 9)})
CHOICES = {
    "view": tuple(VIEWS),
    "pool": POOLS,
    "source": tuple(SOURCES),
    "grad": tuple(GRADIENTS),
    "image": SAMPLE_IMAGES,
    "phase": PHASES,
    "fw": tuple(LENS_FRAMEWORKS),
    "slices": SLICE_MODES,
}


@dataclass(frozen=True)
class Inputs:
    """What the sidebar sets: the layer, the input X, the gradient dA, and the sample and channel shown."""

    ph: int = 2
    pw: int = 2
    sh: int = 0  # 0 means "same as pool size", as EpyNN's strides=None
    sw: int = 0
    pool: str = "max"
    m: int = 1
    h: int = 6
    w: int = 6
    d: int = 1
    seed: int = 0
    source: str = "integers"
    image: str = "digit"
    grad: str = "ones"
    i: int = 0  # which sample is shown
    c: int = 0  # which channel is shown
    slices: str = "side"  # SLICE_MODES: with several samples or channels, side by side unless "one"

    @property
    def strides(self) -> tuple[int, int]:
        return (self.sh or self.ph, self.sw or self.pw)

    def shown_slices(self, m: int, d: int) -> list[tuple[int, int]]:
        """The (sample, channel) pairs the walkthrough draws side by side for an (m, ·, ·, d) input: (i, c) alone,
        or every channel of sample i, every sample of channel c, or all of them (row by row, samples down)."""
        i, c = min(self.i, m - 1), min(self.c, d - 1)
        mode = self.slices if self.slices in slice_modes(m, d) else "side"
        if (m == 1 and d == 1) or mode == "one":
            return [(i, c)]
        if mode == "all":
            return [(s, ch) for s in range(m) for ch in range(d)]
        if mode == "samples" or d == 1:
            return [(s, c) for s in range(m)]
        return [(i, ch) for ch in range(d)]

    @property
    def picture(self) -> bool:
        """Whether X is a picture (a sample image or an upload) rather than numbers."""
        return self.source in PICTURE_SOURCES


@dataclass(frozen=True)
class Place:
    """Where the page is: the view, and in the walkthrough the pass, the spec step and the window (row, col); in the
    Frameworks view, the lens's settings (`LENS_FIELDS`, checked by `fit_lens`).

    The window is kept as (row, col) of the output grid, not as an index into the list of moments, so that
    changing a setting keeps it: it is clamped to the new grid (see `moment`).
    """

    view: str = "walk"
    phase: str = "forward"
    step: str = "1"
    row: int = 0
    col: int = 0
    present: int = 0  # 1: presenter mode (large cells and fonts, no sidebar)
    theme: str = AUTO  # "light", "dark" or "contrast"; AUTO (""): follow the browser
    # The Frameworks view (in its links only): the framework beside EpyNN and the settings of its pooling call.
    fw: str = "torch"  # "torch", "keras" or "jax"
    pad: str = "0,0"  # padding "rows,cols", or "valid" / "same"
    dil: str = "1,1"  # dilation "rows,cols"
    ceil: int = 0  # 1: ceil_mode=True
    cip: int = 1  # count_include_pad (average pooling)
    zero: int = 0  # 1: EpyNN's side pads X with 0, as np.pad does (the misconception "max-pool padding is 0")
    shift: int = 0  # added to X on both sides, for negative values

    @property
    def padding(self) -> str | tuple[int, int]:
        """The lens's padding as poolviz.Pooling takes it: "valid", "same" or (rows, cols)."""
        return self.pad if self.pad in PAD_WORDS else _numbers(self.pad)

    @property
    def dilation(self) -> tuple[int, int]:
        return _numbers(self.dil)

    def moment(self, oh: int, ow: int) -> Moment:
        """The walkthrough moment this place shows on an oh × ow grid of windows."""
        if self.step not in PER_WINDOW[self.phase]:
            return Moment(self.phase, self.step)
        row, col = min(max(self.row, 0), oh - 1), min(max(self.col, 0), ow - 1)
        return Moment(self.phase, self.step, row * ow + col)

    def fit(self, oh: int, ow: int) -> Place:
        """This place with its window clamped to an oh × ow grid (what the page shows and links to)."""
        return self.at(self.moment(oh, ow), ow)

    def at(self, moment: Moment, ow: int) -> Place:
        """This place moved to `moment`; a step that is not per window keeps the window it came from."""
        if moment.step not in PER_WINDOW[moment.phase]:
            return replace(self, phase=moment.phase, step=moment.step)
        row, col = divmod(moment.window, ow)
        return replace(self, phase=moment.phase, step=moment.step, row=row, col=col)


def slice_modes(m: int, d: int) -> tuple[str, ...]:
    """The slice modes that mean something for m samples and d channels (none for one of each)."""
    if m == 1 and d == 1:
        return ()
    return SLICE_MODES if m > 1 and d > 1 else ("one", "side")


DEFAULT = Inputs()
HOME = Place()


# What fit_pool says, for an input typed in the sidebar or a picture: what happened, and what to change.
POOL_TOO_TALL = {
    "input": N_(
        "A pool height of {ph} does not fit the input height ({h}): the pool height is now {h}. For a pool "
        "height of {ph}, first make Height h at least {ph}."
    ),
    "picture": N_(
        "A pool height of {ph} does not fit the picture height ({h}): the pool height is now {h}. For a "
        "pool height of {ph}, use a picture at least {ph} pixels tall."
    ),
}
POOL_TOO_WIDE = {
    "input": N_(
        "A pool width of {pw} does not fit the input width ({w}): the pool width is now {w}. For a pool width "
        "of {pw}, first make Width w at least {pw}."
    ),
    "picture": N_(
        "A pool width of {pw} does not fit the picture width ({w}): the pool width is now {w}. For a pool "
        "width of {pw}, use a picture at least {pw} pixels wide."
    ),
}


def fit_pool(s: Inputs, h: int, w: int, what: str) -> tuple[Inputs, list[str]]:
    """A pool no larger than the input (h, w); a note for each side made smaller. what: "input" or "picture"."""
    notes = []
    if s.ph > h:
        notes.append(_(POOL_TOO_TALL[what]).format(ph=s.ph, h=h))
        s = replace(s, ph=h)
    if s.pw > w:
        notes.append(_(POOL_TOO_WIDE[what]).format(pw=s.pw, w=w))
        s = replace(s, pw=w)
    return s, notes


def consistent(s: Inputs) -> tuple[Inputs, list[str]]:
    """Fix inputs that contradict each other (a pool larger than the input, a sample out of range)."""
    notes: list[str] = []
    if s.source != "upload":  # an upload's size comes from the picture: checked once it is read
        s, notes = fit_pool(s, s.h, s.w, "input")
    if s.i >= s.m:
        s = replace(s, i=s.m - 1)
    if s.c >= s.d:
        s = replace(s, c=s.d - 1)
    return s, notes


def _shown(text: str) -> str:
    """A link's value as the page may echo it: the page renders Markdown, so only plain characters pass."""
    return "".join(ch if ch.isalnum() or ch in " .-_" else "?" for ch in text[:24])


def _whole(name: str, text: str, default: int, notes: list[str]) -> int:
    low, high = BOUNDS[name]
    try:
        number = int(text)
    except ValueError:
        notes.append(
            _(
                "The link's {name}='{value}' is not a whole number; using {default}.",
                name=name,
                value=_shown(text),
                default=default,
            )
        )
        return default
    if not low <= number <= high:
        clamped = min(max(number, low), high)
        notes.append(
            _(
                "The link's {name}={number} is outside {low}–{high}; using {clamped}.",
                name=name,
                number=number,
                low=low,
                high=high,
                clamped=clamped,
            )
        )
        return clamped
    return number


def _window(text: str, notes: list[str]) -> tuple[int, int]:
    """'row,col' of a window: two whole numbers from 0, as the page writes them."""
    parts = text.split(",")
    try:
        row, col = (int(p) for p in parts)
    except ValueError:
        notes.append(
            _("The link's window='{value}' is not two whole numbers 'row,col'; showing window 0,0.", value=_shown(text))
        )
        return 0, 0
    top = MAX_SIDE - 1
    if not (0 <= row <= top and 0 <= col <= top):
        row, col = min(max(row, 0), top), min(max(col, 0), top)
        notes.append(_("The link's window is outside 0–{top}; using {row},{col}.", top=top, row=row, col=col))
    return row, col


def _one(params: Mapping[str, object], name: str, notes: list[str]) -> str | None:
    if name not in params:
        return None
    raw = params[name]
    if isinstance(raw, (list, tuple)):  # a repeated parameter: the first one counts
        notes.append(_("The link gives '{name}' more than once; the first value is used.", name=name))
        raw = raw[0] if raw else ""
    return str(raw).strip()[:40]


def _choice(name: str, text: str, default: str, notes: list[str]) -> str:
    if text in CHOICES[name]:
        return text
    allowed = ", ".join(CHOICES[name])
    notes.append(
        _(
            "The link's {name}='{value}' is not one of: {allowed}; using {default}.",
            name=name,
            value=_shown(text),
            allowed=allowed,
            default=default,
        )
    )
    return default


def _theme(text: str, notes: list[str]) -> str:
    """A theme's name from a link; an empty one is the browser's own choice, anything else unknown is refused."""
    if text in THEMES or text == AUTO:
        return text
    notes.append(
        _(
            "The link's theme='{value}' is not one of: {allowed}; the page follows the browser's light or dark "
            "setting.",
            value=_shown(text),
            allowed=", ".join(THEMES),
        )
    )
    return AUTO


def from_query(params: Mapping[str, object]) -> tuple[Inputs, Place, list[str]]:
    """Inputs and place from URL parameters; every value is checked, never evaluated."""
    notes: list[str] = []
    inputs = asdict(DEFAULT)
    for f in fields(Inputs):
        text = _one(params, f.name, notes)
        if text is not None:
            default = inputs[f.name]
            inputs[f.name] = (
                _whole(f.name, text, default, notes) if f.name in BOUNDS else _choice(f.name, text, default, notes)
            )
    place = asdict(HOME)
    for name in ("view", "phase"):
        text = _one(params, name, notes)
        if text is not None:
            place[name] = _choice(name, text, place[name], notes)
    text = _one(params, "present", notes)
    if text is not None:
        place["present"] = _whole("present", text, 0, notes)
    text = _one(params, "theme", notes)
    if text is not None:
        place["theme"] = _theme(text, notes)
    text = _one(params, "step", notes)
    if text is not None:
        if text in steps_of(place["phase"]):
            place["step"] = text
        else:
            notes.append(
                _("The link's step='{value}' is not a step of the forward pass; showing step 1.", value=_shown(text))
                if place["phase"] == "forward"
                else _(
                    "The link's step='{value}' is not a step of the backward pass; showing step 1.", value=_shown(text)
                )
            )
    text = _one(params, "window", notes)
    if text is not None:
        place["row"], place["col"] = _window(text, notes)
    place.update(_lens_from_query(params, notes))
    fixed, more = consistent(Inputs(**inputs))
    return fixed, Place(**place), notes + more


def to_query(
    inputs: Inputs, place: Place, *, live: Mapping[str, str] | None = None, lang: str = ENGLISH
) -> dict[str, str]:
    """Only what differs from the default, so links stay short; the window as 'row,col'.

    live: the teacher's class link ({"class": code, "key": teacher key}, see `live_from_query`), kept as given.
    lang: the page's language, in the link unless it is English (the class opens in the teacher's language).
    """
    query = {k: str(v) for k, v in asdict(inputs).items() if v != getattr(DEFAULT, k)}
    for name in ("view", "phase", "step", "present", "theme"):
        if getattr(place, name) != getattr(HOME, name):
            query[name] = str(getattr(place, name))
    if place.step in PER_WINDOW[place.phase] and (place.row, place.col) != (0, 0):
        query["window"] = f"{place.row},{place.col}"
    query.update(_lens_query(place))
    for name in LIVE_PARAMS:
        if live and live.get(name):
            query[name] = live[name]
    if lang != ENGLISH:
        query[LANG] = lang
    return query


# --- the page's language (?lang=es) ----------------------------------------------------------------------------
LANG = "lang"


def language_from_query(params: Mapping[str, object]) -> tuple[str | None, list[str]]:
    """The language a link names (None: it names none). One the page lacks gives English and a note, in English:
    it is read before the page has a language."""
    notes: list[str] = []
    text = _one(params, LANG, notes)
    if text is None:
        return None, notes
    if text.lower() in languages():
        return text.lower(), notes
    allowed = ", ".join(languages())
    return ENGLISH, [
        *notes,
        _(
            "The link's lang='{value}' is not one of the page's languages ({allowed}); the page is in English.",
            value=_shown(text),
            allowed=allowed,
        ),
    ]


# --- a live class's links (issue 10) -------------------------------------------------------------------------
# The teacher's page: ?view=live&class=CODE&key=KEY (the key only here: whoever holds it runs the class).
# A student's page: ?join=CODE, and once joined &me=STUDENT (their own id, so a reload or a restarted server
# keeps the same student). The store checks codes, keys and ids; here they are only cut to plain characters.
LIVE_PARAMS = ("class", "key")
STUDENT_PARAMS = ("join", "me")
_LINK_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def link_token(raw: object, limit: int = 64) -> str | None:
    """A code, key or student id from a link: letters, digits, - and _ only (else None), at most `limit`."""
    if isinstance(raw, (list, tuple)):  # a repeated parameter: the first one counts
        raw = raw[0] if raw else ""
    text = str(raw).strip() if raw is not None else ""
    if not text or len(text) > limit or not set(text) <= _LINK_CHARS:
        return None
    return text


def live_from_query(params: Mapping[str, object]) -> dict[str, str]:
    """The teacher's class link in URL parameters: {"class": code, "key": key}, only those given and well formed."""
    found = {name: link_token(params.get(name)) for name in LIVE_PARAMS}
    return {name: value for name, value in found.items() if value}


def student_from_query(params: Mapping[str, object]) -> dict[str, str]:
    """A student's link: {"join": code, "me": student id}, only those given and well formed; {} for no join."""
    found = {name: link_token(params.get(name)) for name in STUDENT_PARAMS}
    if "join" not in params:
        return {}
    return {name: value or "" for name, value in found.items()}


# --- the Frameworks view's link (the lens) --------------------------------------------------------------------


def _numbers(text: str) -> tuple[int, int]:
    """A pair as the lens writes it, "rows,cols" (already checked)."""
    rows, cols = text.split(",")
    return int(rows), int(cols)


def _lens_pair(name: str, text: str, default: str, notes: list[str]) -> str:
    """ "rows,cols" (or one number for both) of whole numbers within LENS_PAIRS[name], as "rows,cols"."""
    low, high = LENS_PAIRS[name]
    parts = text.split(",")
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        numbers = []
    if len(numbers) not in (1, 2):
        notes.append(
            _(
                "The link's {name}='{value}' is not 'rows,cols' of whole numbers; using {default}.",
                name=name,
                value=_shown(text),
                default=default,
            )
        )
        return default
    rows, cols = numbers * 2 if len(numbers) == 1 else numbers
    fixed = min(max(rows, low), high), min(max(cols, low), high)
    if fixed != (rows, cols):
        notes.append(
            _(
                "The link's {name}={rows},{cols} is outside {low}–{high}; using {new_rows},{new_cols}.",
                name=name,
                rows=rows,
                cols=cols,
                low=low,
                high=high,
                new_rows=fixed[0],
                new_cols=fixed[1],
            )
        )
    return f"{fixed[0]},{fixed[1]}"


def _lens_from_query(params: Mapping[str, object], notes: list[str]) -> dict[str, object]:
    """The lens's fields of the place that the link gives, each checked."""
    found: dict[str, object] = {}
    for name in LENS_FIELDS:
        text = _one(params, name, notes)
        if text is None:
            continue
        default = getattr(HOME, name)
        if name == "fw":
            found[name] = _choice(name, text, default, notes)
        elif name == "pad" and text in PAD_WORDS:
            found[name] = text
        elif name in LENS_PAIRS:
            found[name] = _lens_pair(name, text, default, notes)
        else:
            found[name] = _whole(name, text, default, notes)
    return found


def _lens_query(place: Place) -> dict[str, str]:
    """The lens's settings in a link of the Frameworks view (other views' links stay short)."""
    if place.view != "lens":
        return {}
    return {name: str(getattr(place, name)) for name in LENS_FIELDS if getattr(place, name) != getattr(HOME, name)}


def fit_lens(place: Place, pool: str) -> tuple[Place, list[str]]:
    """The lens's settings that the chosen framework and pool can take: what it has no control for goes to the
    neutral value (Keras has no dilation: 1), with a note when that changes something.

    What a framework has but refuses (PyTorch: padding over half the window; JAX: a gradient with dilation) is
    left for poolviz.Pooling to refuse, with its reason: the page shows it.
    """
    notes: list[str] = []
    name = LENS_FRAMEWORKS.get(place.fw, place.fw)
    if place.fw == "torch" and place.pad in PAD_WORDS:
        if place.pad == "same":
            notes.append(
                _(
                    "PyTorch's max_pool2d and avg_pool2d have no padding='same' (only its convolutions have it): "
                    "the padding is 0 here; give it as numbers."
                )
            )
        place = replace(place, pad="0,0")
    if place.fw == "keras" and place.pad not in PAD_WORDS:
        word = "valid" if place.padding == (0, 0) else "same"
        if word == "same":
            notes.append(
                _(
                    "Keras' pooling layers take padding='valid' or 'same' only, not numbers: "
                    "padding {padding} is 'same' here.",
                    padding=place.pad.replace(",", ", "),
                )
            )
        place = replace(place, pad=word)
    if place.dil != "1,1" and (place.fw == "keras" or pool == "avg"):
        notes.append(
            _("Keras' pooling layers have no dilation: it is 1 here.")
            if place.fw == "keras"
            else _("Average pooling has no dilation: it is 1 here.")
        )
        place = replace(place, dil="1,1")
    if place.ceil and place.fw != "torch":
        notes.append(_("{name} has no ceil_mode (PyTorch only): it is off here.", name=name))
        place = replace(place, ceil=0)
    return place, notes
