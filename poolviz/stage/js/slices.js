// slices.js — several samples or channels side by side: the small multiples of the main grids, one group per
// slice (X and Z forward; X, dA and dX backward), each titled with its slice, all moving with the same window.
// Pooling acts on each channel on its own: each slice shows its own picked cells, Z and dX, read from what
// Python sent for it. The per-window detail (blocks, Xb, Zb, mask, dZb, dXb) stays on the chosen slice.

/** "X[0, :, :, 2]": how a slice of an (m, h, w, d) array is titled. */
function sliceTitle(array, s) {
  return `${array}[${s.i}, :, :, ${s.c}]`;
}

/** dZ = dA with two axes of size 1 added: its slice keeps them. */
function dzTitle(s) {
  return `dZ[${s.i}, :, :, 0, 0, ${s.c}]`;
}

/** The name of slice j's panel of `array`: the chosen slice's panels keep the main names. */
function slicePanel(D, array, j) {
  return D.slices[j].main ? array : `${array}#${j}`;
}

/** The panel groups, one per slice in order: [["X", "Z"], ["X#1", "Z#1"], ...]. */
function sliceGroups(D, arrays) {
  return D.slices.map((s, j) => arrays.map((a) => slicePanel(D, a, j)));
}

/**
 * Arrangements for groups of panels side by side, g groups a row for every g, each row of groups at one cell
 * size so that the slices compare; then the window's detail, in each of `details` ways: {tail: panels at the end
 * of the last row of groups, at their cell size; rows: rows of their own}. `preferred` groups a row (all in one
 * row, or one row per sample) is taken unless another g gives clearly larger cells.
 */
function sideArrangements(groups, details, preferred) {
  const out = [];
  for (let g = groups.length; g >= 1; g--) {
    const rows = [];
    for (let r = 0; r < groups.length; r += g) rows.push(groups.slice(r, r + g).flat());
    const weight = g === preferred ? 1 : 0.9;
    for (const { tail = [], rows: own = [] } of details) {
      const last = [...rows[rows.length - 1], ...tail];
      out.push({ rows: [...rows.slice(0, -1), last, ...own], weight, uniform: rows.length });
    }
  }
  return out;
}

/** How many slices a row shows at best: one row per sample when every sample and channel is shown, else all. */
function preferredPerRow(D) {
  const samples = new Set(D.slices.map((s) => s.i)).size;
  const channels = new Set(D.slices.map((s) => s.c)).size;
  return samples > 1 && channels > 1 ? channels : D.slices.length;
}

/** The text alternative's words for one slice's window: where it is and what it picked there. */
function slicePickedSentence(D, s, k) {
  if (D.avg) return W("picked_avg");
  const cells = s.picked[k].map((o) => D.cellOf(k, o));
  if (!cells.length) return W("picked_none");
  const tie = cells.length > 1 ? W("picked_tie", { count: cells.length }) : "";
  return W("picked", { cells: cells.map((c) => cellWords(D, c)).join("; "), v: cellText(s.Z[k]), tie });
}

/** Outlines over single cells of grid, reusing the rects of `rings`. */
function ringCells(grid, rings, cells) {
  while (rings.length < cells.length) rings.push(svgEl("rect", { class: "pick" }, grid.overlay));
  rings.forEach((ring, j) => {
    ring.classList.toggle("hidden", j >= cells.length);
    if (j < cells.length) {
      const r = Math.floor(cells[j] / grid.cols);
      const c = cells[j] % grid.cols;
      grid.box(ring, r, c, r, c);
    }
  });
}

/** One other slice's small multiples in the forward pass: X with the window and its picked cells, Z filling. */
function forwardSlice(layer, D, j, place, opts, S) {
  const { d, P } = D;
  const s = D.slices[j];
  const xName = slicePanel(D, "X", j);
  const zName = slicePanel(D, "Z", j);
  S.titles[xName] = svgLabel(layer, place[xName].titleX, place[xName].titleY, sliceTitle("X", s));
  S.titles[zName] = svgLabel(layer, place[zName].titleX, place[zName].titleY, sliceTitle("Z", s));
  const X = (S.grids[xName] = new Grid(layer, xName, d.h, d.w, place[xName], opts(D.scales.X, D.chars.X)));
  X.setAll(s.X);
  P.cover.forEach((n, i) => n === 0 && X.mark(i, "unread", true));
  const Z = (S.grids[zName] = new Grid(layer, zName, d.oh, d.ow, place[zName], opts(D.scales.X, D.chars.Z)));
  const winBox = svgEl("rect", { class: "win hidden" }, X.overlay);
  const zRing = svgEl("rect", { class: "ring hidden" }, Z.overlay);
  const rings = [];
  return {
    render(mo) {
      const { step, k } = mo;
      const perWindow = step === "2" || step === "4";
      const w = D.win(k);
      if (perWindow) X.box(winBox, w.r0, w.c0, w.r1, w.c1);
      winBox.classList.toggle("hidden", !perWindow);
      ringCells(X, rings, step === "4" ? s.picked[k].map((o) => D.cellOf(k, o)) : []);
      Z.setAll((i) => (step === "4" && i <= k ? s.Z[i] : undefined));
      zRing.classList.toggle("hidden", step !== "4");
      if (step === "4") Z.box(zRing, w.oh, w.ow, w.oh, w.ow);
    },
    alt(mo) {
      const per = mo.step === "2" || mo.step === "4";
      let x = `${sliceTitle("X", s)}: ${W("rows_cols", { rows: d.h, cols: d.w })}`;
      if (per) x += " " + windowSentence(D, mo.k);
      if (mo.step === "4") x += " " + slicePickedSentence(D, s, mo.k);
      let z = `${sliceTitle("Z", s)}: ${W("rows_cols", { rows: d.oh, cols: d.ow })}`;
      if (mo.step !== "4") z += " " + W("not_computed");
      else {
        const w = D.win(mo.k);
        z += " " + W("filled_up_to", { k: mo.k, oh: w.oh, ow: w.ow, v: cellText(s.Z[mo.k]) });
      }
      return { [xName]: x, [zName]: z };
    },
  };
}

/** One other slice's small multiples in the backward pass: X, dA (dZ) and dX with its running +=. */
function backwardSlice(layer, D, j, place, opts, S, done) {
  const { d, P } = D;
  const s = D.slices[j];
  const names = { X: slicePanel(D, "X", j), dA: slicePanel(D, "dA", j), dX: slicePanel(D, "dX", j) };
  const G = {};
  const sizes = { X: [d.h, d.w], dA: [d.oh, d.ow], dX: [d.h, d.w] };
  const scales = { X: D.scales.X, dA: D.scales.dA, dX: D.scales.dX };
  for (const [array, name] of Object.entries(names)) {
    S.titles[name] = svgLabel(layer, place[name].titleX, place[name].titleY, sliceTitle(array, s));
    G[array] = S.grids[name] = new Grid(layer, name, ...sizes[array], place[name], opts(scales[array], D.chars[array]));
  }
  G.X.setAll(s.X);
  G.dA.setAll(s.dA);
  P.cover.forEach((n, i) => {
    if (n === 0) {
      G.X.mark(i, "unread", true);
      G.dX.mark(i, "unread", true);
    }
  });
  const xBox = svgEl("rect", { class: "win hidden" }, G.X.overlay);
  const dxBox = svgEl("rect", { class: "win hidden" }, G.dX.overlay);
  const aRing = svgEl("rect", { class: "ring hidden" }, G.dA.overlay);
  const rings = [];
  return {
    render(mo) {
      const { step, k } = mo;
      const loop = LOOP_STEPS.indexOf(step);
      const w = D.win(k);
      if (loop >= 0) {
        G.X.box(xBox, w.r0, w.c0, w.r1, w.c1);
        G.dX.box(dxBox, w.r0, w.c0, w.r1, w.c1);
        G.dA.box(aRing, w.oh, w.ow, w.oh, w.ow);
      }
      xBox.classList.toggle("hidden", loop < 0);
      dxBox.classList.toggle("hidden", loop < 0);
      dxBox.classList.toggle("pending", loop >= 0 && loop < 5);
      aRing.classList.toggle("hidden", !(loop >= 3));
      ringCells(G.X, rings, loop >= 2 && !D.avg ? s.picked[k].map((o) => D.cellOf(k, o)) : []);
      G.dA.g.classList.toggle("expanded", step !== "1");
      S.titles[names.dA].textContent = step === "1" ? sliceTitle("dA", s) : dzTitle(s);
      const n = done(mo);
      G.dX.setAll((cell) => (step === "1" || step === "2" ? undefined : s.dxAt(cell, n)));
    },
    alt(mo) {
      const loop = LOOP_STEPS.indexOf(mo.step);
      const k = mo.k;
      let x = `${sliceTitle("X", s)}: ${W("rows_cols", { rows: d.h, cols: d.w })}`;
      if (loop >= 0) x += " " + windowSentence(D, k);
      if (loop >= 2) x += " " + slicePickedSentence(D, s, k);
      const a = mo.step === "1" ? `${sliceTitle("dA", s)}` : W("dz_named_is_da", { dz: dzTitle(s) });
      const n = done(mo);
      let dx = `${sliceTitle("dX", s)}: ${W("rows_cols", { rows: d.h, cols: d.w })}`;
      if (mo.step === "1" || mo.step === "2") dx += " " + W("not_made");
      else if (n === 0) dx += " " + W("all_zeros");
      else dx += " " + W("after_windows", { last: n - 1 }, n);
      if (loop === 5) {
        const changes = s.routed(k).map((o) => {
          const cell = D.cellOf(k, o);
          const e = s.hist.get(cell).find((x) => x.k === k);
          return W("changed_from_to", { cell: cellWords(D, cell), before: cellText(e.before), after: cellText(e.after) });
        });
        dx += " " + (changes.length ? W("step_changed", { changes: changes.join("; ") }) : W("step_changed_nothing"));
      }
      return { [names.X]: x, [names.dA]: `${a}: ${W("rows_cols", { rows: d.oh, cols: d.ow })}`, [names.dX]: dx };
    },
  };
}

/** Hover over a cell of another slice: its index in the whole array and the value it shows now. */
function sliceHover(S, D, p, i) {
  const [array, j] = p.split("#");
  const s = D.slices[Number(j)];
  const grid = S.grids[p];
  const r = Math.floor(i / grid.cols);
  const c = i % grid.cols;
  const v = grid.values[i];
  const click = array === "Z" || array === "dA" ? " " + W("click_to_go") : "";
  return { text: `${array}[${s.i}, ${r}, ${c}, ${s.c}] = ${v === undefined ? W("not_yet") : cellText(v)}.${click}`, marks: [], boxes: [] };
}
