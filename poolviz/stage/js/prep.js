// prep.js — indexes over the data Python sent, made once per payload: no pooling, only lookups.
// routed(k): the X cells window k sends gradient to; hist[cell]: that cell's contributions in window order,
// each {k, amount, before, after} with "before" read from the previous entry (or dX0 = 0).

function prepare(P) {
  const d = P.d;
  const n = d.oh * d.ow;
  const si = P.samples.indexOf(P.i);
  const D = {
    P,
    d,
    n,
    avg: P.pool === "avg",
    Xi: P.X[si],
    moments: makeMoments(n),
  };

  /** (oh, ow) and the box [r0, c0, r1, c1] of window k, read from the rows/columns Python sent. */
  D.win = (k) => {
    const oh = Math.floor(k / d.ow);
    const ow = k % d.ow;
    return { oh, ow, r0: P.rs[oh], r1: P.re[oh], c0: P.cs[ow], c1: P.ce[ow] };
  };
  /** Flat X index of offset o (a * pw + b) inside window k's block. */
  D.cellOf = (k, o) => {
    const w = D.win(k);
    return (w.r0 + Math.floor(o / d.pw)) * d.w + w.c0 + (o % d.pw);
  };
  /** Offsets inside the block that window k routes gradient to: its picked cells, or every cell for avg. */
  const allOffsets = Array.from({ length: d.ph * d.pw }, (_, o) => o);
  D.routedOffsets = (k) => (D.avg ? allOffsets : P.picked[k]);
  D.blockValue = (s, k, o) => P.X[s][D.cellOf(k, o)];

  /** The history of dX cell by cell for one slice (its picked cells, "after" values and amounts), and its lookup. */
  const history = (picked, after, amt) => {
    const routed = (k) => (D.avg ? allOffsets : picked[k]);
    const hist = new Map();
    for (let k = 0; k < n; k++) {
      routed(k).forEach((o, j) => {
        const cell = D.cellOf(k, o);
        let list = hist.get(cell);
        if (!list) hist.set(cell, (list = []));
        const before = list.length ? list[list.length - 1].after : 0;
        list.push({ k, amount: amt ? amt[k] : null, before, after: after[k][j] });
      });
    }
    /** dX at `cell` once `done` windows have added their dXb: a lookup in the cell's history. */
    const dxAt = (cell, done) => {
      const list = hist.get(cell);
      if (!list) return 0;
      let lo = 0;
      let hi = list.length; // first entry with k >= done
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid].k < done) lo = mid + 1;
        else hi = mid;
      }
      return lo ? list[lo - 1].after : 0;
    };
    return { routed, hist, dxAt };
  };
  const mainHistory = history(P.picked, P.after, P.amt);
  const hist = mainHistory.hist;
  D.hist = hist;
  D.dxAt = mainHistory.dxAt;
  D.main = { i: P.i, c: P.c, main: true, X: D.Xi, Z: P.Z, dA: P.dA, picked: P.picked, ...mainHistory };
  // Slices side by side (none for one slice): the chosen one is D.main; the others carry their own arrays.
  D.slices = (P.slices || []).map((s) => (s.i === P.i && s.c === P.c ? D.main : { ...s, main: false, ...history(s.picked, s.after, null) }));
  D.side = D.slices.length > 1;
  D.multi = d.m > 1 || d.d > 1; // titles say which slice
  /** The contributions to `cell` from the first `done` windows. */
  D.contributions = (cell, done) => (hist.get(cell) || []).filter((e) => e.k < done);
  D.isNanWindow = new Set(P.nan);
  D.zg = (k) => P.zg[String(k)] ?? cellText(P.Z[k]);
  /** Windows whose box holds X cell (r, c), by the rows/columns Python sent. */
  D.windowsReading = (r, c) => {
    const out = [];
    for (let oh = 0; oh < d.oh; oh++) {
      if (r < P.rs[oh] || r > P.re[oh]) continue;
      for (let ow = 0; ow < d.ow; ow++) if (c >= P.cs[ow] && c <= P.ce[ow]) out.push(oh * d.ow + ow);
    }
    return out;
  };

  // The longest text each panel can hold (to fit the font once, so numbers never change size while stepping).
  const longest = (values) => values.reduce((m, v) => Math.max(m, textEm(cellText(v))), 0.7);
  const others = D.slices.filter((s) => !s.main);
  const afters = [];
  for (const s of [P, ...others]) for (const list of s.after) for (const v of list) afters.push(v);
  D.chars = {
    X: longest(P.X.flat().concat(...others.map((s) => s.X))),
    Z: longest(P.Z.concat(...others.map((s) => s.Z))),
    dA: longest(P.dA.concat(...others.map((s) => s.dA))),
    mask: D.avg ? longest([P.weight]) : 0.7,
    dXb: longest(P.amt.concat([0])),
    dX: longest(afters.concat([0])),
  };
  const valuesScale = P.picture ? "picture" : "values";
  D.scales = {
    X: makeScale(valuesScale, P.ranges.X),
    dA: makeScale("gradient", P.ranges.dA),
    mask: makeScale("mask", P.ranges.mask),
    dXb: makeScale("gradient", P.ranges.dXb),
    dX: makeScale("gradient", P.ranges.dX),
  };
  return D;
}
