"""poolviz.inputs and poolviz.inputs.samples: generated arrays, sample pictures, hostile uploads and typed-in grids."""

from __future__ import annotations

import ast
import io
import struct
import subprocess
import sys
import warnings
import zlib
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from poolviz.inputs import (
    MAX_UPLOAD_BYTES,
    GridError,
    InputError,
    generated,
    grid_rows,
    image_from_bytes,
    load_sample,
    ones_gradient,
    parse_grid,
    random_floats,
    random_integer_gradient,
    random_integers,
    samples,
)
from poolviz.inputs.samples import SAMPLES

ROOT = Path(__file__).resolve().parent.parent
PROGRAMMER_WORDS = ("Traceback", "PIL", "OSError", "Errno", "cannot identify", "decompression bomb", "NoneType")


# ---------------------------------------------------------------- helpers that build files


def png(img: Image.Image, **kwargs) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG", **kwargs)
    return buf.getvalue()


def encoded(img: Image.Image, fmt: str, **kwargs) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kwargs)
    return buf.getvalue()


def noise(w: int, h: int, seed: int = 0) -> Image.Image:
    """An RGB picture of random pixels: it compresses badly, so cutting its file short cuts pixel data."""
    return Image.fromarray(np.random.default_rng(seed).integers(0, 256, (h, w, 3), dtype=np.uint8))


def with_ihdr_size(data: bytes, width: int, height: int) -> bytes:
    """A PNG whose header claims width×height (CRC fixed), with the small original's pixel data behind it."""
    assert data[12:16] == b"IHDR"
    body = b"IHDR" + struct.pack(">II", width, height) + data[24:29]
    return data[:12] + body + struct.pack(">I", zlib.crc32(body)) + data[33:]


def animated_gif() -> bytes:
    frames = [Image.new("L", (6, 4), level) for level in (10, 128, 250)]
    return encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)


def refused(data: bytes, *words: str, **kwargs) -> str:
    """The InputError message for `data`, checked to hold `words` and no programmer jargon."""
    with pytest.raises(InputError) as info:
        image_from_bytes(data, **kwargs)
    message = str(info.value)
    for word in words:
        assert word.lower() in message.lower(), (word, message)
    for jargon in PROGRAMMER_WORDS:
        assert jargon not in message, (jargon, message)
    return message


# ---------------------------------------------------------------- samples


@pytest.mark.parametrize(
    ("name", "shape"), [("digit", (28, 28)), ("checkerboard", (16, 16)), ("edge", (16, 16)), ("smiley", (32, 32))]
)
def test_samples_are_deterministic_uint8_pictures(name, shape) -> None:
    a, b = SAMPLES[name](), SAMPLES[name]()
    assert a.shape == shape
    assert a.dtype == np.uint8
    np.testing.assert_array_equal(a, b)
    assert a.min() < 60 and a.max() > 200  # real contrast, not a blank picture


def test_checkerboard_is_4x4_squares_of_0_and_255() -> None:
    board = SAMPLES["checkerboard"]()
    assert set(np.unique(board)) == {0, 255}
    np.testing.assert_array_equal(board[:4, :4], 0)
    np.testing.assert_array_equal(board[:4, 4:8], 255)
    np.testing.assert_array_equal(board[4:8, :4], 255)
    np.testing.assert_array_equal(board, np.kron([[0, 1, 0, 1], [1, 0, 1, 0]] * 2, np.ones((4, 4))) * 255)


def test_edge_is_dark_left_bright_right_with_a_gentle_gradient() -> None:
    edge = SAMPLES["edge"]().astype(int)
    assert (edge == edge[0]).all()  # every row is the same: the edge is vertical
    assert edge[:, :8].max() < 80 and edge[:, 8:].min() > 180
    assert (np.diff(edge[0]) > 0).all()  # brightening slightly to the right
    assert edge[0, 8] - edge[0, 7] > 100  # one sharp step in the middle


def test_digit_is_white_strokes_on_black_and_smiley_is_mostly_white_around() -> None:
    digit = SAMPLES["digit"]()
    assert digit[0].max() == 0 and digit[-1].max() == 0  # black border
    assert 0.1 < (digit > 128).mean() < 0.35  # a few-pixel-thick stroke, not a blob
    smiley = SAMPLES["smiley"]()
    assert smiley[0, 0] == 255 and smiley[16, 16] < 255
    assert smiley[12, 11] < 80 and smiley[12, 21] < 80  # two dark eyes


def test_assets_are_the_generated_samples_and_have_a_readme() -> None:
    for name, make in SAMPLES.items():
        with Image.open(ROOT / "assets" / f"{name}.png") as img:
            assert img.mode == "L"
            np.testing.assert_array_equal(
                np.asarray(img), make(), err_msg=f"rerun: python -m poolviz.inputs.samples ({name})"
            )
    assert "python -m poolviz.inputs.samples" in (ROOT / "assets" / "README.md").read_text()


def test_write_assets_writes_one_png_per_sample(tmp_path) -> None:
    paths = samples.write_assets(tmp_path)
    assert sorted(p.name for p in paths) == sorted(f"{name}.png" for name in SAMPLES)
    for path in paths:
        with Image.open(path) as img:
            np.testing.assert_array_equal(np.asarray(img), SAMPLES[path.stem]())


# ---------------------------------------------------------------- generated arrays


def test_random_integers_are_whole_float64_in_range_with_ties_and_reproducible() -> None:
    X = random_integers((2, 5, 6, 3), seed=7)
    assert X.shape == (2, 5, 6, 3) and X.dtype == np.float64
    assert (np.round(X) == X).all()
    assert X.min() >= 0 and X.max() <= 9
    assert len(np.unique(X)) < X.size  # ties occur
    np.testing.assert_array_equal(X, random_integers((2, 5, 6, 3), seed=7))
    assert not np.array_equal(X, random_integers((2, 5, 6, 3), seed=8))
    big = random_integers((1, 40, 40, 1), seed=0, low=-2, high=2)
    assert set(np.unique(big)) == {-2, -1, 0, 1, 2}  # both ends included
    np.testing.assert_array_equal(random_integers((1, 3, 3, 1), 0, low=4, high=4), 4)


def test_random_floats_are_two_decimals_in_zero_one() -> None:
    X = random_floats((1, 20, 20, 2), seed=3)
    assert X.shape == (1, 20, 20, 2) and X.dtype == np.float64
    assert X.min() >= 0 and X.max() < 1
    np.testing.assert_array_equal(X, np.round(X, 2))
    np.testing.assert_array_equal(X, random_floats((1, 20, 20, 2), seed=3))


def test_gradients() -> None:
    ones = ones_gradient((1, 2, 3, 1))
    assert ones.dtype == np.float64 and ones.shape == (1, 2, 3, 1) and (ones == 1).all()
    dA = random_integer_gradient((2, 4, 4, 1), seed=1)
    assert dA.dtype == np.float64 and dA.min() >= -3 and dA.max() <= 3 and (dA == np.round(dA)).all()
    np.testing.assert_array_equal(dA, random_integer_gradient((2, 4, 4, 1), seed=1))
    assert set(np.unique(random_integer_gradient((1, 30, 30, 1), 0, low=-1, high=1))) == {-1, 0, 1}


def test_whole_floats_and_numpy_integers_are_accepted_as_sizes() -> None:
    X = random_integers((np.int64(1), 2.0, 3, np.int32(1)), seed=np.int64(5))
    assert X.shape == (1, 2, 3, 1)


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: random_integers((1, 2, 3), 0), ["four whole numbers", "3 numbers"]),
        (lambda: random_integers((1, 0, 3, 1), 0), ["height h", "at least 1", "0"]),
        (lambda: random_integers((1, 2, -3, 1), 0), ["width w", "at least 1"]),
        (lambda: random_integers((1, 2, 2.5, 1), 0), ["width w", "whole number", "2.5"]),
        (lambda: random_integers((1, 2, 2, True), 0), ["depth d", "whole number"]),
        (lambda: random_integers("1234", 0), ["four whole numbers"]),
        (lambda: random_integers((1, 2, 2, 1), -1), ["seed", "0 or more", "-1"]),
        (lambda: random_integers((1, 2, 2, 1), "abc"), ["seed", "whole number"]),
        (lambda: random_integers((1, 2, 2, 1), 0, low=5, high=2), ["lowest value (5)", "highest value (2)"]),
        (lambda: random_integers((1, 2, 2, 1), 0, low=0, high=10**9), ["between"]),
        (lambda: random_floats((100, 100, 100, 2), 0), ["2,000,000 numbers", "1,000,000", "smaller"]),
        (lambda: ones_gradient((1, 2, 2)), ["four whole numbers"]),
        (lambda: random_integer_gradient((1, 2, 2, 1), 0, low=3, high=-3), ["lowest value"]),
    ],
)
def test_bad_sizes_seeds_and_ranges_are_refused_plainly(call, words) -> None:
    with pytest.raises(InputError) as info:
        call()
    for word in words:
        assert word in str(info.value), (word, str(info.value))


# ---------------------------------------------------------------- sample pictures


@pytest.mark.parametrize("name", list(SAMPLES))
def test_load_sample_at_its_own_size_is_the_picture_as_float64(name) -> None:
    expected = SAMPLES[name]()
    got = load_sample(name, *expected.shape)
    assert got.dtype == np.float64 and got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)


def test_load_sample_shrinks_by_area_and_enlarges_by_repeating() -> None:
    board = SAMPLES["checkerboard"]().astype(float)
    np.testing.assert_array_equal(load_sample("checkerboard", 4, 4), board[::4, ::4])  # each 4×4 square averages
    np.testing.assert_array_equal(load_sample("checkerboard", 8, 8), board[::2, ::2])
    edge = SAMPLES["edge"]().astype(float)
    np.testing.assert_allclose(load_sample("edge", 16, 8), np.round((edge[:, ::2] + edge[:, 1::2]) / 2), atol=0.5)
    np.testing.assert_array_equal(load_sample("edge", 32, 32), np.kron(edge, np.ones((2, 2))))
    assert load_sample("digit", 7, 10).shape == (7, 10)
    assert load_sample("smiley", 20, 40).shape == (20, 40)  # shrinks one way, grows the other


def test_load_sample_falls_back_to_the_generator_when_the_file_is_missing(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(generated, "ASSETS_DIR", tmp_path)  # an empty folder: no PNG there
    np.testing.assert_array_equal(load_sample("smiley", 32, 32), SAMPLES["smiley"]())
    (tmp_path / "digit.png").write_bytes(b"not a png")  # a broken file also falls back
    np.testing.assert_array_equal(load_sample("digit", 28, 28), SAMPLES["digit"]())


def test_load_sample_accepts_a_name_with_spaces_or_capitals() -> None:
    np.testing.assert_array_equal(load_sample(" Edge ", 16, 16), SAMPLES["edge"]())


@pytest.mark.parametrize("name", ["cat", "../pyproject", "/etc/passwd", "", None])
def test_unknown_sample_names_are_refused_with_the_list(name) -> None:
    with pytest.raises(InputError) as info:
        load_sample(name, 8, 8)
    message = str(info.value)
    assert "no sample picture" in message
    for known in SAMPLES:
        assert known in message


@pytest.mark.parametrize(("h", "w", "word"), [(0, 5, "at least 1"), (5, -1, "at least 1"), (5000, 5000, "too big")])
def test_bad_sample_sizes_are_refused(h, w, word) -> None:
    with pytest.raises(InputError, match=word):
        load_sample("digit", h, w)


# ---------------------------------------------------------------- uploads that work


def test_gray_png_keeps_its_exact_levels_and_has_no_notes() -> None:
    levels = np.arange(60, dtype=np.uint8).reshape(6, 10) * 4
    values, notes = image_from_bytes(png(Image.fromarray(levels)))
    assert values.dtype == np.float64 and values.shape == (6, 10)
    np.testing.assert_array_equal(values, levels)
    assert notes == []


def test_colour_becomes_gray_with_a_note() -> None:
    values, notes = image_from_bytes(png(Image.new("RGB", (5, 3), (255, 0, 0))))
    np.testing.assert_array_equal(values, 76)  # ITU-R 601 luma of pure red
    assert any("shades of gray" in n for n in notes)
    _, gray_rgb_notes = image_from_bytes(png(Image.new("RGB", (5, 3), (90, 90, 90))))
    assert gray_rgb_notes == []  # an RGB file that is already gray needs no note


def test_big_photo_is_shrunk_keeping_its_shape_with_a_note() -> None:
    values, notes = image_from_bytes(encoded(Image.new("RGB", (640, 480), (30, 200, 90)), "JPEG"))
    assert values.shape == (48, 64)
    assert any("640×480" in n and "64×48" in n and "shrunk" in n for n in notes)
    assert values.min() >= 0 and values.max() <= 255 and (values == np.round(values)).all()


def test_shrinking_averages_areas_and_respects_max_side() -> None:
    board = np.kron([[0, 255], [255, 0]], np.ones((50, 50))).astype(np.uint8)  # 100×100, four squares
    values, _ = image_from_bytes(png(Image.fromarray(board)), max_side=2)
    np.testing.assert_array_equal(values, [[0, 255], [255, 0]])
    tall, notes = image_from_bytes(png(Image.new("L", (3, 1000), 9)))
    assert tall.shape == (64, 1)  # the short side never drops to 0
    assert any("3×1000" in n for n in notes)


def test_uploads_are_never_enlarged() -> None:
    values, notes = image_from_bytes(png(Image.new("L", (10, 5), 200)), max_side=64)
    assert values.shape == (5, 10)
    assert not any("shrunk" in n for n in notes)


def test_16_bit_png_is_scaled_to_0_255() -> None:
    levels = np.array([[0, 65535, 32768], [257, 514, 65535]], dtype=np.uint16)
    img = Image.fromarray(levels)
    assert img.mode == "I;16"
    values, notes = image_from_bytes(png(img))
    np.testing.assert_array_equal(values, [[0, 255, 128], [1, 2, 255]])
    assert any("16-bit" in n for n in notes)


def test_cmyk_jpeg_is_read_as_gray() -> None:
    data = encoded(Image.new("CMYK", (30, 20), (0, 255, 255, 0)), "JPEG")
    with Image.open(io.BytesIO(data)) as check:
        assert check.mode == "CMYK"
    values, _ = image_from_bytes(data)
    assert values.shape == (20, 30)
    assert 40 < values.mean() < 120  # red-ish ink: a middle gray


@pytest.mark.parametrize(
    ("img", "expected"),
    [
        (Image.new("RGBA", (4, 4), (0, 0, 0, 0)), 255),  # fully transparent: white
        (Image.new("RGBA", (4, 4), (0, 0, 0, 255)), 0),  # opaque black stays black
        (Image.new("RGBA", (4, 4), (0, 0, 0, 128)), 127),  # half-transparent black on white
        (Image.new("LA", (4, 4), (0, 0)), 255),
    ],
)
def test_transparency_is_put_on_white(img, expected) -> None:
    values, notes = image_from_bytes(png(img))
    np.testing.assert_allclose(values, expected, atol=1)
    assert ("white background" in " ".join(notes)) == (expected != 0)


def test_palette_picture_with_a_transparent_colour() -> None:
    img = Image.new("P", (4, 2), 1)
    img.putpalette([0, 0, 0, 0, 0, 255] + [0] * 762)
    img.putpixel((0, 0), 0)
    values, notes = image_from_bytes(png(img, transparency=1))
    assert values[0, 0] == 0 and (values.ravel()[1:] == 255).all()
    assert any("white background" in n for n in notes)


def test_one_bit_picture_is_black_and_white() -> None:
    img = Image.new("1", (8, 3), 0)
    img.putpixel((2, 1), 1)
    values, _ = image_from_bytes(png(img))
    assert set(np.unique(values)) == {0, 255} and values[1, 2] == 255


def test_animated_gif_uses_its_first_frame_with_a_note() -> None:
    values, notes = image_from_bytes(animated_gif())
    assert values.shape == (4, 6)
    np.testing.assert_allclose(values, 10, atol=2)
    assert any("first frame" in n for n in notes)


def test_camera_jpeg_with_extra_views_mpo_uses_the_main_picture_quietly() -> None:
    extra = Image.new("RGB", (8, 6), (200, 0, 0))
    data = encoded(Image.new("RGB", (8, 6), (50, 50, 50)), "MPO", save_all=True, append_images=[extra])
    with Image.open(io.BytesIO(data), formats=["JPEG"]) as check:
        assert check.format == "MPO"
    values, notes = image_from_bytes(data)
    np.testing.assert_allclose(values, 50, atol=2)
    assert notes == []


def test_photo_turned_by_the_camera_is_put_upright() -> None:
    img = Image.new("L", (20, 10), 0)
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view"
    values, notes = image_from_bytes(encoded(img, "JPEG", exif=exif.tobytes()))
    assert values.shape == (20, 10)
    assert any("upright" in n for n in notes)


def test_bytearray_and_memoryview_are_accepted_but_not_text() -> None:
    data = png(Image.new("L", (3, 3), 5))
    assert image_from_bytes(bytearray(data))[0].shape == (3, 3)
    assert image_from_bytes(memoryview(data))[0].shape == (3, 3)
    with pytest.raises(TypeError, match="getvalue"):
        image_from_bytes("picture.png")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_side"):
        image_from_bytes(data, max_side=0)


# ---------------------------------------------------------------- uploads that are refused


def test_empty_file() -> None:
    refused(b"", "empty", "PNG or JPEG")


def test_text_file() -> None:
    refused(b"pool size 2, stride 2\nhello\n", "text", "not a picture", "PNG or JPEG")


def test_pdf_file() -> None:
    refused(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >>\n", "PDF", "not a picture", "PNG or JPEG")


def test_random_bytes() -> None:
    refused(bytes(np.random.default_rng(1).integers(0, 256, 4000, dtype=np.uint8)), "not a picture", "PNG or JPEG")


def test_truncated_png() -> None:
    data = png(noise(64, 64))
    refused(data[: len(data) // 2], "damaged", "PNG")


def test_truncated_jpeg() -> None:
    data = encoded(noise(200, 200), "JPEG")
    refused(data[: len(data) // 2], "damaged", "JPEG")


def test_png_with_only_its_signature() -> None:
    refused(b"\x89PNG\r\n\x1a\n", "damaged")


def test_decompression_bomb_header_claims_20000_by_20000() -> None:
    bomb = with_ihdr_size(png(Image.new("1", (8, 8))), 20000, 20000)
    assert len(bomb) < 200
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no DecompressionBombWarning escapes either
        refused(bomb, "too large", "40 million", "smaller")


@pytest.mark.parametrize(("width", "height"), [(10000, 10000), (8000, 6000)])
def test_pictures_over_40_megapixels_are_refused_before_decoding(width, height) -> None:
    bomb = with_ihdr_size(png(Image.new("L", (8, 8))), width, height)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        message = refused(bomb, "too large", "40 million")
    if width * height < Image.MAX_IMAGE_PIXELS:  # below Pillow's own alarm: our check names the size
        assert f"{width:,}×{height:,}" in message


def test_real_1_bit_bomb_made_with_pillow() -> None:
    bomb = png(Image.new("1", (20000, 20000)))
    assert len(bomb) < 100_000  # a few tens of KB that would decode to 400 million pixels
    refused(bomb, "too large")


def test_file_over_the_byte_limit() -> None:
    data = png(Image.new("L", (4, 4))) + b"\0" * MAX_UPLOAD_BYTES
    refused(data, "MB", "5 MB", "smaller")


@pytest.mark.parametrize(("fmt", "word"), [("BMP", "BMP"), ("WEBP", "WEBP"), ("TIFF", "TIFF")])
def test_other_picture_formats_are_refused_asking_for_png_or_jpeg(fmt, word) -> None:
    refused(encoded(Image.new("RGB", (8, 8), (1, 2, 3)), fmt), word, "PNG or JPEG", "save it as")


@pytest.mark.parametrize(
    ("data", "word"),
    [
        (b"<!DOCTYPE html><html><body>hi</body></html>", "not a picture"),
        (b"PK\x03\x04doc", "not a picture"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "SVG drawing"),
    ],
)
def test_documents_drawings_and_web_pages_are_refused(data, word) -> None:
    refused(data, word, "PNG or JPEG")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    which=st.sampled_from(["png", "jpeg", "gif", "png16"]),
    cut=st.floats(0, 1),
    flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=6),
)
def test_damaged_files_never_crash(which, cut, flips) -> None:
    """Cut short or with bytes changed, an upload gives a picture or an InputError, never another exception."""
    base = {
        "png": png(noise(24, 16)),
        "jpeg": encoded(noise(24, 16), "JPEG"),
        "gif": animated_gif(),
        "png16": png(Image.fromarray(np.arange(96, dtype=np.uint16).reshape(8, 12) * 600)),
    }[which]
    data = bytearray(base[: max(1, int(len(base) * cut))] if cut < 0.95 else base)
    for where, value in flips:
        data[int(where * (len(data) - 1))] = value
    try:
        values, notes = image_from_bytes(bytes(data))
    except InputError as error:
        assert not any(jargon in str(error) for jargon in PROGRAMMER_WORDS), str(error)
    else:
        assert values.ndim == 2 and values.dtype == np.float64
        assert np.isfinite(values).all() and values.min() >= 0 and values.max() <= 255
        assert all(isinstance(n, str) for n in notes)


# ---------------------------------------------------------------- typed-in grids


def test_parse_grid_accepts_numbers_and_number_text() -> None:
    grid = parse_grid([[1, " 4 ", "4.5"], ["-1", "1e3", np.int64(7)], [np.float32(0.5), "−2", Decimal("1.25")]])
    assert grid.dtype == np.float64
    np.testing.assert_array_equal(grid, [[1, 4, 4.5], [-1, 1000, 7], [0.5, -2, 1.25]])


def test_parse_grid_accepts_tuples_arrays_and_dataframes() -> None:
    np.testing.assert_array_equal(parse_grid(((1, 2), (3, 4))), [[1, 2], [3, 4]])
    np.testing.assert_array_equal(parse_grid(np.array([[1, 2], [3, 4]], dtype=np.int32)), [[1, 2], [3, 4]])
    pd = pytest.importorskip("pandas")
    np.testing.assert_array_equal(parse_grid(pd.DataFrame([[1.5, 2], [3, 4]])), [[1.5, 2], [3, 4]])
    with pytest.raises(InputError, match="Row 1, column 0: empty"):
        parse_grid(pd.DataFrame({"a": [1.0, np.nan], "b": [3.0, 4.0]}))
    with pytest.raises(InputError, match="Row 0, column 1: empty"):
        parse_grid(pd.DataFrame({"a": pd.array([1, 2], dtype="Int64"), "b": pd.array([pd.NA, 4], dtype="Int64")}))


def test_parse_grid_accepts_the_largest_allowed_values() -> None:
    np.testing.assert_array_equal(parse_grid([[1e6, "-1000000"]]), [[1e6, -1e6]])


@pytest.mark.parametrize(
    ("cell", "words"),
    [
        (None, [": empty"]),
        ("", [": empty"]),
        ("   ", [": empty"]),
        (float("nan"), [": empty"]),
        ("abc", ['"abc"', "not a number"]),
        ("=1+1", ['"=1+1"', "not a number"]),
        ("__import__('os')", ["__import__", "not a number"]),
        ("nan", ['"nan"', "not a number"]),
        ("inf", ['"inf"', "infinity"]),
        ("-Infinity", ["infinity"]),
        (float("inf"), ["infinity"]),
        ("4,5", ["use a point for decimals", "4.5"]),
        ("2000000", ["too large"]),
        (-1e7, ["too large"]),
        ("1e400", ["too large"]),
        (10**400, ["too large"]),
        (True, ["not a number"]),
        (1 + 2j, ["not a number"]),
        ([1, 2], ["not a number"]),
    ],
)
def test_parse_grid_refuses_a_bad_cell_naming_where_it_is(cell, words) -> None:
    with pytest.raises(InputError) as info:
        parse_grid([[1, 2, 3], [4, 5, cell]])
    message = str(info.value)
    assert message.startswith("Row 1, column 2: ")
    for word in [*words, "Type one number in every cell"]:
        assert word in message, (word, message)


def test_parse_grid_never_evaluates_text(tmp_path) -> None:
    marker = tmp_path / "evaluated"
    attack = f"__import__('pathlib').Path({str(marker)!r}).touch()"
    with pytest.raises(InputError, match="not a number"):
        parse_grid([[attack]])
    assert not marker.exists()
    # and nowhere in poolviz is anything evaluated or executed
    for path in (ROOT / "poolviz").rglob("*.py"):
        calls = {
            node.func.id
            for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        }
        assert not calls & {"eval", "exec", "compile", "__import__"}, path


def test_many_bad_cells_are_all_named() -> None:
    rows = [["x", None, "1"], ["nan", "2", "y"], ["", "z", "3"]]
    with pytest.raises(GridError) as info:
        parse_grid(rows)
    message = str(info.value)
    assert message.startswith("6 cells need fixing.")
    assert 'Row 0, column 0: "x" is not a number.' in message
    assert "Row 0, column 1; row 2, column 0: empty." in message  # the same problem, named together
    assert 'Row 1, column 0: "nan" (not a number) cannot be used here.' in message
    assert 'Row 1, column 2: "y" is not a number.' in message and 'Row 2, column 1: "z"' in message
    assert "more" not in message
    assert info.value.cells == [(0, 0), (0, 1), (1, 0), (1, 2), (2, 0), (2, 1)]


def test_a_large_cleared_grid_is_named_compactly() -> None:
    rows = [["1"] * 64 for _ in range(64)]
    for r in range(10, 40):
        rows[r][3:60] = [None] * 57
    rows[50][7] = "abc"
    with pytest.raises(GridError) as info:
        parse_grid(rows)
    message = str(info.value)
    assert message.startswith(f"{30 * 57 + 1} cells need fixing.")
    assert "Rows 10–39, columns 3–59: empty." in message
    assert 'Row 50, column 7: "abc" is not a number.' in message
    assert len(message) < 400
    assert len(info.value.cells) == 30 * 57 + 1


@pytest.mark.parametrize("text", ["nan", "NaN", " NAN "])
def test_nan_is_a_nan_where_the_grid_allows_one(text) -> None:
    grid = parse_grid([[1, text], [2, 3]], allow_nan=True)
    assert np.isnan(grid[0, 1]) and np.isnan(grid).sum() == 1
    with pytest.raises(GridError, match="Row 0, column 1: empty"):  # an empty cell is still not a NaN
        parse_grid([[1, ""], [2, 3]], allow_nan=True)
    with pytest.raises(GridError, match="cannot be used here"):  # a gradient takes no NaN
        parse_grid([[1, text], [2, 3]])


def test_two_bad_cells_are_both_named() -> None:
    with pytest.raises(InputError) as info:
        parse_grid([["a", 1], [2, "b"]])
    message = str(info.value)
    assert message.startswith("2 cells need fixing") and "more" not in message
    assert '"a"' in message and '"b"' in message


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        ([[1, 2, 3], [4, 5]], ["Row 1 has 2 cells but row 0 has 3", "same number of cells"]),
        ([[1], [2, 3]], ["Row 1 has 2 cells but row 0 has 1."]),
        ([], ["empty", "at least one row and one column"]),
        ([[]], ["empty", "at least one row and one column"]),
        ([[], []], ["empty"]),
        (None, ["empty"]),
        ("1 2 3", ["table"]),
        (5, ["table"]),
        (np.array([1, 2, 3]), ["table"]),
        ([[1, 2], "34"], ["Row 1 is not a row of cells"]),
        ([[1, 2], 7], ["Row 1 is not a row of cells"]),
    ],
)
def test_parse_grid_refuses_a_table_of_the_wrong_shape(rows, words) -> None:
    with pytest.raises(InputError) as info:
        parse_grid(rows)
    for word in words:
        assert word in str(info.value), (word, str(info.value))


def test_parse_grid_accepts_rows_given_as_dicts() -> None:
    np.testing.assert_array_equal(parse_grid([{"a": 1, "b": 2}, {"a": "3", "b": 4}]), [[1, 2], [3, 4]])


@given(
    st.integers(1, 6).flatmap(
        lambda w: st.lists(
            st.lists(st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False), min_size=w, max_size=w),
            min_size=1,
            max_size=6,
        )
    )
)
def test_grid_rows_and_parse_grid_round_trip(rows) -> None:
    grid = parse_grid(rows)
    assert grid_rows(grid) == [[float(v) for v in row] for row in rows]
    again = grid_rows(grid)
    assert all(type(v) is float for row in again for v in row)
    np.testing.assert_array_equal(parse_grid(again), grid)
    np.testing.assert_array_equal(parse_grid([[str(v) for v in row] for row in again]), grid)  # typed back as text


def test_grid_rows_needs_a_2d_array() -> None:
    assert grid_rows(np.arange(6).reshape(2, 3)) == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    with pytest.raises(ValueError, match="2-D"):
        grid_rows(np.zeros((1, 2, 2, 1)))


# ---------------------------------------------------------------- the module's boundaries


def test_inputs_needs_neither_streamlit_nor_plotly() -> None:
    code = (
        "import sys, poolviz.inputs, poolviz.inputs.samples; "
        "bad = [m for m in ('streamlit', 'plotly') if m in sys.modules]; assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_input_error_is_a_value_error() -> None:
    assert issubclass(InputError, ValueError)
