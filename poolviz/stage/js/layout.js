// layout.js — where each panel of the picture goes: the arrangement and cell size that fit the box best.
// The cell size comes from the width AND the height. Each row of panels gets its own cell size (a row of
// small window panels can have bigger cells than the row holding X), capped so that nothing gets huge.

const BIG = 16;

/** Largest cell size s ≤ maxCell for which the row's width fits in W (panels never narrower than their title). */
function rowCell(row, W, opt) {
  const width = (s) =>
    row.reduce((sum, p) => sum + Math.max(p.cols * s, p.titleW), 0) + opt.gapX * (row.length - 1);
  if (width(opt.maxCell) <= W) return opt.maxCell;
  let lo = 1;
  let hi = opt.maxCell;
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (width(mid) <= W) lo = mid;
    else hi = mid;
  }
  return lo;
}

function rowsHeight(rows, cells, opt) {
  return (
    rows.reduce((sum, row, r) => sum + Math.max(...row.map((p) => p.rows)) * cells[r] + opt.titleH, 0) +
    opt.gapY * (rows.length - 1)
  );
}

/** How much larger than its cells a row of big grids counts (their numbers show on hover anyway). */
function bigness(row) {
  return Math.max(1, Math.max(...row.map((p) => Math.max(p.rows, p.cols))) / BIG);
}

const DETAIL_CELL = 36; // beside small multiples, a detail panel needs no more to show its numbers

/** The largest cap t (within lo..hi) for which the rows' cells, capped by t, fit in height H. */
function largestCap(rows, H, opt, capped, lo, hi) {
  if (rowsHeight(rows, capped(lo), opt) > H) return null;
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (rowsHeight(rows, capped(mid), opt) <= H) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Cell size per row for one arrangement, fitted to W × H. Small multiples (`uniform` > 0: their first `uniform`
 * rows share one size) give up height first, so the window's detail under them keeps readable numbers.
 */
function fitArrangement(rows, W, H, opt, uniform = 0) {
  let cells = rows.map((row) => rowCell(row, W, opt));
  if (uniform > 0) {
    const shared = Math.min(...cells.slice(0, uniform));
    cells = cells.map((s, r) => (r < uniform ? shared : Math.min(s, DETAIL_CELL)));
  }
  if (rowsHeight(rows, cells, opt) > H) {
    const multiples = (t) => cells.map((s, r) => (r < uniform ? Math.min(s, t) : s));
    const t = uniform > 0 ? largestCap(rows, H, opt, multiples, 2, Math.max(...cells)) : null;
    if (t !== null) cells = multiples(t);
    else {
      const all = (cap) => cells.map((s) => Math.min(s, cap));
      cells = all(largestCap(rows, H, opt, all, 1, Math.max(...cells)) ?? 1);
    }
  }
  return cells.map((s) => Math.max(1, Math.floor(s)));
}

/**
 * panels: {name: {cols, rows, title}}; arrangements: [[["X", "Z"], ["B"]], ...] (rows of panel names), or
 * {rows, weight, uniform}: its score times weight (below 1: taken only when clearly larger), its first `uniform`
 * rows at one cell size (small multiples that compare).
 * Returns {cells, rows, place: {name: {x, y, s, w, h, titleY}}}: the arrangement whose smallest cell is largest.
 */
function layoutPicture(panels, arrangements, W, H, opt) {
  const spec = (name) => {
    const p = panels[name];
    return { name, cols: p.cols, rows: p.rows, titleW: p.title.length * 0.56 * opt.titleFont + 6 };
  };
  let best = null;
  for (const given of arrangements) {
    const arrangement = Array.isArray(given) ? { rows: given } : given;
    const rows = arrangement.rows.map((row) => row.map(spec));
    const cells = fitArrangement(rows, W, H, opt, arrangement.uniform || 0);
    // the smallest cell wins, but a row of big grids (more than BIG cells a side, whose numbers show on hover
    // anyway) counts as if its cells were that much larger: small window panels should not shrink for them
    const score = (arrangement.weight ?? 1) * Math.min(...cells.map((s, r) => s * bigness(rows[r])));
    if (!best || score > best.score + 0.5) best = { score, rows, cells };
  }
  const place = {};
  const used = rowsHeight(best.rows, best.cells, opt);
  let y = Math.max(0, (H - used) / 2);
  best.rows.forEach((row, r) => {
    const s = best.cells[r];
    const widths = row.map((p) => Math.max(p.cols * s, p.titleW));
    const rowW = widths.reduce((a, b) => a + b, 0) + opt.gapX * (row.length - 1);
    let x = Math.max(0, (W - rowW) / 2);
    const rowH = Math.max(...row.map((p) => p.rows)) * s;
    row.forEach((p, j) => {
      const w = p.cols * s;
      const h = p.rows * s;
      place[p.name] = {
        x: Math.round(x + (widths[j] - w) / 2),
        y: Math.round(y + opt.titleH + (rowH - h) / 2),
        s,
        w,
        h,
        titleX: Math.round(x + widths[j] / 2),
        titleY: Math.round(y + opt.titleH * 0.72),
        slotX: Math.round(x),
        slotW: Math.round(widths[j]),
      };
      x += widths[j] + opt.gapX;
    });
    y += rowH + opt.titleH + opt.gapY;
  });
  return { cells: best.cells, place };
}
