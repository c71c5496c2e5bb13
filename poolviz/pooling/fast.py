"""The default implementation: whole-array NumPy operations, no Python loop over output positions.

Same results as the spec's algorithm (`stride_groups`), reorganised for speed. NumPy is fast
when an operation runs over one long contiguous run of memory, and slow when the innermost
loop is short (here: the d channels of one pixel). So:
- forward pools the ph rows of each window on strided row views (long rows of w * d numbers),
  then the pw columns on the flat result shifted by j * d (one contiguous run), and keeps
  every sw-th column at the end, moving whole pixels (d numbers) as one item;
- backward, when windows tile X (stride = pool), compares X with Z repeated along w and
  writes each cell of dX once;
- backward, when windows overlap or leave gaps, splits X into sh * sw "planes" (the cells
  at row % sh, column % sw): in a plane, cell (A, B) is offset (i, j) of window
  (A - i // sh, B - j // sw), a fixed distance in memory, so each of the ph * pw offsets is
  one contiguous compare-multiply-add over the plane. With stride 1 the plane is X itself.
Work goes by groups of samples so that the temporaries stay in the CPU cache.
The layer's Xb is `block_view`: a read-only view of X, never a copy.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator

import numpy as np
from numpy.lib.stride_tricks import as_strided

from poolviz.pooling.parameters import gradient_dtype

_COMBINE = {"max": np.maximum, "min": np.minimum, "avg": np.add}
# Work on a few MiB of X at a time, so that the temporaries stay in the CPU cache (measured best:
# 4 MiB for forward, 1 MiB for backward, whose temporaries are larger).
_FORWARD_CHUNK = 4 << 20
_BACKWARD_CHUNK = 1 << 20
_local = threading.local()  # scratch buffers, one set per thread (a Streamlit server has several)


def block_view(X: np.ndarray, d: dict[str, int]) -> np.ndarray:
    """Xb as a view: (m, h, w, d) -> (m, oh, ow, ph, pw, d)."""
    s_m, s_h, s_w, s_d = X.strides
    shape = (d["m"], d["oh"], d["ow"], d["ph"], d["pw"], d["d"])
    strides = (s_m, d["sh"] * s_h, d["sw"] * s_w, s_h, s_w, s_d)
    return as_strided(X, shape, strides, writeable=False)


# ---- helpers --------------------------------------------------------------------------------


def _scratch(name: str, shape: tuple[int, ...], dtype: np.dtype) -> np.ndarray:
    """A reusable work array of this thread (contents undefined). Never returned to callers."""
    nbytes = math.prod(shape) * np.dtype(dtype).itemsize
    buffers = _local.__dict__.setdefault("buffers", {})
    buf = buffers.get(name)
    if buf is None or buf.size < nbytes:
        buf = buffers[name] = np.zeros(max(nbytes, 64), np.uint8)  # zeros: no garbage bit patterns
    return buf[:nbytes].view(dtype).reshape(shape)


def _chunks(m: int, sample_bytes: int, chunk_bytes: int = _BACKWARD_CHUNK) -> Iterator[tuple[int, int]]:
    """Sample ranges [s0, s1) of about chunk_bytes of input each."""
    step = max(1, chunk_bytes // max(1, sample_bytes))
    for s0 in range(0, m, step):
        yield s0, min(m, s0 + step)


def _pixels(A: np.ndarray) -> np.ndarray:
    """(..., d) -> (...): each pixel's d numbers seen as one item, so copies move whole pixels."""
    return A.view(np.dtype((np.void, A.shape[-1] * A.itemsize)))[..., 0]


def _copy_pixels(dst: np.ndarray, src: np.ndarray) -> None:
    """dst[...] = src for (..., d) arrays whose last axis is contiguous."""
    if dst.shape[-1] == 1 or dst.strides[-1] != dst.itemsize or src.strides[-1] != src.itemsize:
        np.copyto(dst, src)
    else:
        np.copyto(_pixels(dst), _pixels(src))


# ---- forward --------------------------------------------------------------------------------


def forward(X: np.ndarray, d: dict[str, int], pool: str) -> np.ndarray:
    """Returns Z (m, oh, ow, d)."""
    Xc = np.ascontiguousarray(X)
    dtype = np.dtype(np.float64) if pool == "avg" else Xc.dtype
    Z = np.empty((d["m"], d["oh"], d["ow"], d["d"]), dtype)  # fresh, the caller's
    for s0, s1 in _chunks(d["m"], Xc[0].nbytes, _FORWARD_CHUNK):
        _pool_chunk(Xc[s0:s1], Z[s0:s1], d, pool)
    if pool == "avg":
        Z /= d["ph"] * d["pw"]
    return Z


def _pool_chunk(X: np.ndarray, Z: np.ndarray, d: dict[str, int], pool: str) -> None:
    """Z (mc, oh, ow, d) <- pooled X (mc, h, w, d): rows of each window, then columns."""
    combine = _COMBINE[pool]
    ph, pw, sh, sw, oh, ow, dd = d["ph"], d["pw"], d["sh"], d["sw"], d["oh"], d["ow"], d["d"]
    used_w = sw * (ow - 1) + pw  # columns some window reads
    rows = lambda i: X[:, i : i + sh * (oh - 1) + 1 : sh, :used_w, :]  # noqa: E731  (mc, oh, used_w, d)
    R = _scratch("rows", (len(X), oh, used_w, dd), Z.dtype)  # (mc, oh, used_w, d)
    if ph == 1:
        np.copyto(R, rows(0))
    else:
        combine(rows(0), rows(1), out=R)
        for i in range(2, ph):
            combine(R, rows(i), out=R)
    # Columns: T[k] = combine of R[k + j * d] over j, computed at every column on the flat array.
    Rf = R.reshape(-1)  # (mc * oh * used_w * d,)
    n = Rf.size - (pw - 1) * dd
    T = _scratch("cols", Rf.shape, Z.dtype) if pw > 1 else Rf  # (mc * oh * used_w * d,)
    if pw > 1:
        combine(Rf[:n], Rf[dd : dd + n], out=T[:n])
        for j in range(2, pw):
            combine(T[:n], Rf[j * dd : j * dd + n], out=T[:n])
    # Keep the columns where a window starts: every sw-th.
    _copy_pixels(Z, T.reshape(R.shape)[:, :, 0 : sw * (ow - 1) + 1 : sw, :])


# ---- backward -------------------------------------------------------------------------------


def backward(fc: dict[str, np.ndarray], dA: np.ndarray, d: dict[str, int], pool: str) -> np.ndarray:
    """Returns dX (m, h, w, d): every cell equal to its window's Z gets that window's dA. fc: the forward's X, Z."""
    X, Z = np.ascontiguousarray(fc["X"]), fc["Z"]
    dtype = gradient_dtype(X, dA)
    if d["sh"] == d["ph"] and d["sw"] == d["pw"]:
        return _backward_tiled(X, Z, dA, d, pool, dtype)
    return _backward_planes(X, Z, dA, d, pool, dtype)


def _backward_tiled(X, Z, dA, d, pool, dtype) -> np.ndarray:
    """Windows tile X: each cell belongs to at most one window, so dX is written once."""
    ph, pw, oh, ow, dd = d["ph"], d["pw"], d["oh"], d["ow"], d["d"]
    dX = np.empty(X.shape, dtype)  # (m, h, w, d), fresh, the caller's
    dX[:, oh * ph :] = 0  # rows no window covers
    dX[:, :, ow * pw :] = 0  # columns no window covers
    W = ow * pw * dd  # numbers in one covered row
    for s0, s1 in _chunks(d["m"], X[0].nbytes):
        mc = s1 - s0
        out = dX[s0:s1, : oh * ph, : ow * pw].reshape(mc, oh, ph, W)  # a view of dX
        dAr = dA[s0:s1].repeat(pw, axis=2).reshape(mc, oh, 1, W)  # dA repeated along w
        if pool == "avg":
            np.multiply(dAr, 1.0 / (ph * pw), out=out)
            continue
        Zr = Z[s0:s1].repeat(pw, axis=2).reshape(mc, oh, 1, W)  # Z repeated along w
        mask = _scratch("mask", out.shape, np.bool_)  # (mc, oh, ph, W)
        np.equal(X[s0:s1, : oh * ph, : ow * pw].reshape(mc, oh, ph, W), Zr, out=mask)
        np.multiply(mask, dAr, out=out)
    return dX


def _backward_planes(X, Z, dA, d, pool, dtype) -> np.ndarray:
    """Windows overlap or leave gaps: one contiguous compare-multiply-add per offset (i, j)."""
    m, h, w, dd = d["m"], d["h"], d["w"], d["d"]
    ph, pw, sh, sw = d["ph"], d["pw"], d["sh"], d["sw"]
    Hp, Wp = -(-h // sh), -(-w // sw)  # a plane's rows and columns
    lead = ((ph - 1) // sh * Wp + (pw - 1) // sw) * dd  # how far back an offset can reach
    plane = Hp * Wp * dd  # numbers in one sample of one plane
    direct = sh == 1 and sw == 1  # a single plane: X itself, and dX itself
    dX = np.empty(X.shape, dtype)  # (m, h, w, d), fresh, the caller's
    # Offsets (i, j) by plane (i % sh, j % sw), as a distance in memory inside the plane.
    shifts = {(r, q): [] for r in range(sh) for q in range(sw)}
    for i in range(ph):
        for j in range(pw):
            shifts[i % sh, j % sw].append((i // sh * Wp + j // sw) * dd)
    for s0, s1 in _chunks(m, X[0].nbytes):
        mc = s1 - s0
        n = mc * plane
        Zp, dAp = _padded(Z[s0:s1], dA[s0:s1], Hp, Wp, lead, pool, d, dtype)  # (lead + n,) each
        if direct:
            P = {(0, 0): X[s0:s1].reshape(-1)}  # (n,)
            G = {(0, 0): dX[s0:s1].reshape(-1)}  # (n,)
        else:
            P, G = _planes(X[s0:s1], Hp, Wp, d, dtype)  # (n,) each, by plane
        for key, plane_shifts in shifts.items():
            _gather(P[key], G[key], Zp, dAp, plane_shifts, lead, n, pool)
        if not direct:
            for (r, q), g in G.items():  # back from planes to the (m, h, w, d) layout
                rows, cols = len(range(r, h, sh)), len(range(q, w, sw))
                _copy_pixels(dX[s0:s1, r::sh, q::sw], g.reshape(mc, Hp, Wp, dd)[:, :rows, :cols])
    return dX


def _padded(Z, dA, Hp, Wp, lead, pool, d, dtype) -> tuple[np.ndarray, np.ndarray]:
    """Z and dA laid out on the plane grid (mc, Hp, Wp, d) after `lead` numbers of padding.

    dA is 0 on the padding, so an offset that reaches a window that does not exist adds 0.
    """
    mc, oh, ow, dd = Z.shape
    Zp = _scratch("Zp", (lead + mc * Hp * Wp * dd,), Z.dtype)
    dAp = _scratch("dAp", Zp.shape, dtype)
    dAp[:lead] = 0
    grid = dAp[lead:].reshape(mc, Hp, Wp, dd)
    grid[:, oh:] = 0
    grid[:, :oh, ow:] = 0
    if pool == "avg":
        np.multiply(dA, 1.0 / (d["ph"] * d["pw"]), out=grid[:, :oh, :ow])
    else:
        np.copyto(grid[:, :oh, :ow], dA)
        np.copyto(Zp[lead:].reshape(grid.shape)[:, :oh, :ow], Z)
    return Zp, dAp


def _planes(X, Hp, Wp, d, dtype) -> tuple[dict, dict]:
    """X chunk (mc, h, w, d) -> its sh * sw planes (mc, Hp, Wp, d), flat; and room for their dX."""
    mc, h, w, dd = X.shape
    sh, sw = d["sh"], d["sw"]
    Pbuf = _scratch("planes", (sh, sw, mc, Hp, Wp, dd), X.dtype)
    Gbuf = _scratch("grads", (sh, sw, mc * Hp * Wp * dd), dtype)
    P, G = {}, {}
    for r in range(sh):
        for q in range(sw):
            rows, cols = len(range(r, h, sh)), len(range(q, w, sw))
            _copy_pixels(Pbuf[r, q, :, :rows, :cols], X[:, r::sh, q::sw])
            P[r, q], G[r, q] = Pbuf[r, q].reshape(-1), Gbuf[r, q]
    return P, G


def _gather(P, G, Zp, dAp, shifts, lead, n, pool) -> None:
    """G (n,) <- sum over offsets of [P == Z at that offset] * dA at that offset."""
    if not shifts:  # gaps: no window covers these cells
        G[:] = 0
        return
    tmp = _scratch("tmp", (n,), G.dtype) if len(shifts) > 1 else None  # (n,)
    mask = _scratch("mask", (n,), np.bool_)  # (n,)
    for k, s in enumerate(shifts):
        dA_s = dAp[lead - s : lead - s + n]  # (n,) the window of each cell at this offset
        out = G if k == 0 else tmp
        if pool == "avg":
            if k == 0:
                np.copyto(G, dA_s)
            else:
                G += dA_s
            continue
        np.equal(P, Zp[lead - s : lead - s + n], out=mask)
        np.multiply(mask, dA_s, out=out)
        if k > 0:
            G += tmp
