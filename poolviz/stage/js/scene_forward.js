// scene_forward.js — the forward pass's picture: X, the array of blocks, Z; what each moment shows in them,
// what travels at each step, what a hover links, and the words of its text alternative.

const GAP_SAMPLE = 0.15; // between the m blocks of one slot, in cells
const GAP_SLOT = 0.5; // between slots
const GAP_GROUP = 1.0; // between the sample groups after moveaxis

/** Sizes (in cells) of the forward panels, and the arrangements to try. */
function forwardPanels(D) {
  const { d, P } = D;
  const m = P.samples.length;
  const wideA = d.ow * (m * d.pw + (m - 1) * GAP_SAMPLE) + (d.ow - 1) * GAP_SLOT;
  const wideB = m * (d.ow * (d.pw + GAP_SLOT) - GAP_SLOT) + (m - 1) * GAP_GROUP;
  const full = P.full_blocks;
  const main = D.main;
  const named = (array, step) => (D.side ? sliceTitle(array, main) : D.multi ? `${sliceTitle(array, main)} (${step})` : `${array} (${step})`);
  const xTitle = named("X", 1);
  const zTitle = named("Z", 4);
  const ch = d.d > 1 ? W("of_channel", { c: P.c }) : ""; // the blocks are the chosen channel's, every sample's
  const bTitles = full
    ? [W("title_blocks", { ch }), `Xb (3)${ch}: (m, oh, ow, …)`]
    : [W("title_one_block", { step: 2, ch }), W("title_one_block", { step: 3, ch })];
  const panels = {
    X: { cols: d.w, rows: d.h, title: xTitle },
    B: full
      ? { cols: Math.ceil(Math.max(wideA, wideB)), rows: Math.ceil(d.oh * (d.ph + GAP_SLOT) - GAP_SLOT), title: bTitles[0] }
      : { cols: d.pw, rows: d.ph, title: bTitles[0] },
    Z: { cols: d.ow, rows: d.oh, title: zTitle },
  };
  let arrangements = [[["X", "B", "Z"]], [["X", "Z"], ["B"]], [["X"], ["B"], ["Z"]], [["B"], ["X", "Z"]]];
  if (D.side) {
    D.slices.forEach((sl, j) => {
      if (sl.main) return;
      panels[`X#${j}`] = { cols: d.w, rows: d.h, title: sliceTitle("X", sl) };
      panels[`Z#${j}`] = { cols: d.ow, rows: d.oh, title: sliceTitle("Z", sl) };
    });
    // the blocks beside the last slice, at X's scale (they are pieces of X), or on a row of their own
    arrangements = sideArrangements(sliceGroups(D, ["X", "Z"]), [{ tail: ["B"] }, { rows: [["B"]] }], preferredPerRow(D));
  }
  return {
    panels,
    titles: { X: [xTitle], B: bTitles, Z: [zTitle] },
    arrangements,
    wideA,
    wideB,
  };
}

function buildForward(layer, D, lay, look, spec) {
  const { d, P } = D;
  const place = lay.place;
  const opts = (scale, chars) => ({ scale, chars, minFont: look.minFont, maxFont: look.maxFont });
  const S = { phase: "forward", grids: {}, titles: {} };
  for (const name of ["X", "B", "Z"]) {
    const p = place[name];
    S.titles[name] = svgLabel(layer, p.titleX, p.titleY, spec.titles[name][0]);
  }
  if (D.side) for (const name of ["X", "Z"]) S.titles[name].classList.add("mine"); // the slice with the detail
  const others = D.slices.map((sl, j) => (sl.main ? null : forwardSlice(layer, D, j, place, opts, S))).filter(Boolean);
  const X = (S.grids.X = new Grid(layer, "X", d.h, d.w, place.X, opts(D.scales.X, D.chars.X)));
  X.setAll(D.Xi);
  P.cover.forEach((n, i) => n === 0 && X.mark(i, "unread", true));
  const Z = (S.grids.Z = new Grid(layer, "Z", d.oh, d.ow, place.Z, opts(D.scales.X, D.chars.Z)));
  const winBox = svgEl("rect", { class: "win hidden" }, X.overlay);
  const rings = [];
  const zRing = svgEl("rect", { class: "ring hidden" }, Z.overlay);

  // The blocks: one small grid per (sample, window), moved by a CSS transform between the two arrangements.
  const pb = place.B;
  const s = pb.s;
  const m = P.samples.length;
  const bLayer = svgEl("g", { class: "grid grid-B", "data-grid": "B" }, layer);
  const wB = spec.panels.B.cols * s;
  svgEl("rect", { class: "frame", "data-frame": "B", x: pb.x - 2, y: pb.y - 2, width: wB + 4, height: pb.h + 4 }, bLayer);
  const blocks = []; // blocks[si][k] = {g, grid, a: [x, y], b: [x, y]}
  const offsetA = (pb.x + (wB - spec.wideA * s) / 2);
  const offsetB = (pb.x + (wB - spec.wideB * s) / 2);
  if (P.full_blocks) {
    P.samples.forEach((sample, si) => {
      const row = [];
      for (let k = 0; k < D.n; k++) {
        const { oh, ow } = D.win(k);
        const a = [
          offsetA + (ow * (m * d.pw + (m - 1) * GAP_SAMPLE + GAP_SLOT) + si * (d.pw + GAP_SAMPLE)) * s,
          pb.y + oh * (d.ph + GAP_SLOT) * s,
        ];
        const b = [
          offsetB + (si * (d.ow * (d.pw + GAP_SLOT) - GAP_SLOT + GAP_GROUP) + ow * (d.pw + GAP_SLOT)) * s,
          pb.y + oh * (d.ph + GAP_SLOT) * s,
        ];
        const g = svgEl("g", { class: "block empty" + (sample === P.i ? " mine" : " other") }, bLayer);
        g.style.transform = `translate(${a[0]}px, ${a[1]}px)`;
        svgEl("rect", { class: "slot", x: -1, y: -1, width: d.pw * s + 2, height: d.ph * s + 2 }, g);
        const grid = new Grid(g, "B", d.ph, d.pw, { x: 0, y: 0, s }, { ...opts(D.scales.X, D.chars.X), frame: false });
        grid.rects.forEach((r) => {
          r.dataset.k = k;
          r.dataset.s = sample;
        });
        grid.setAll((o) => D.blockValue(si, k, o));
        row.push({ g, grid, a, b, at: "a" });
      }
      blocks.push(row);
    });
  } else {
    const grid = new Grid(bLayer, "B", d.ph, d.pw, { x: pb.x, y: pb.y, s }, { ...opts(D.scales.X, D.chars.X), frame: false });
    blocks.push([{ grid, single: true }]);
  }
  const mine = P.samples.indexOf(P.i);
  S.blocks = blocks;

  /** Where block (si, k) is drawn now, in SVG coordinates, and its grid. */
  S.blockAt = (si, k) => {
    const b = P.full_blocks ? blocks[si][k] : blocks[0][0];
    if (b.single) return { x: pb.x, y: pb.y, grid: b.grid };
    const [x, y] = b.at === "a" ? b.a : b.b;
    return { x, y, grid: b.grid };
  };

  function placeBlocks(arrangement) {
    if (!P.full_blocks) return;
    for (const row of blocks) {
      for (const b of row) {
        if (b.at === arrangement) continue;
        b.at = arrangement;
        const [x, y] = arrangement === "a" ? b.a : b.b;
        b.g.style.transform = `translate(${x}px, ${y}px)`;
      }
    }
  }

  function showRings(k) {
    const cells = k === null ? [] : P.picked[k].map((o) => D.cellOf(k, o));
    while (rings.length < cells.length) rings.push(X.pickMark());
    rings.forEach((ring, j) => {
      X.showPick(ring, j < cells.length);
      if (j < cells.length) X.placePick(ring, Math.floor(cells[j] / d.w), cells[j] % d.w);
    });
  }

  let markedBlock = null;
  S.render = (mo) => {
    const { step, k } = mo;
    for (const other of others) other.render(mo);
    const perWindow = step === "2" || step === "4";
    if (perWindow) {
      const w = D.win(k);
      X.box(winBox, w.r0, w.c0, w.r1, w.c1);
    }
    winBox.classList.toggle("hidden", !perWindow);
    showRings(step === "4" ? k : null);
    // the blocks array
    S.titles.B.textContent = spec.titles.B[step === "1" || step === "2" ? 0 : 1];
    if (P.full_blocks) {
      placeBlocks(step === "1" || step === "2" ? "a" : "b");
      blocks.forEach((row) =>
        row.forEach((b, kk) => {
          b.g.classList.toggle("empty", step === "1" || (step === "2" && kk > k));
          b.g.classList.toggle("current", perWindow && kk === k);
        })
      );
    } else {
      const grid = blocks[0][0].grid;
      const kk = step === "3" ? D.n - 1 : k;
      grid.setAll((o) => (step === "1" ? undefined : D.blockValue(mine, kk, o)));
    }
    // at (4) the block's picked cell(s) are marked where the pool finds them, in the blocks array too
    if (markedBlock) for (let o = 0; o < d.ph * d.pw; o++) markedBlock.mark(o, "picked", false);
    markedBlock = null;
    if (step === "4" && !D.avg) {
      markedBlock = S.blockAt(mine, k).grid;
      for (const o of P.picked[k]) markedBlock.mark(o, "picked", true);
    }
    // Z fills cell by cell at (4)
    Z.setAll((j) => (step === "4" && j <= k ? P.Z[j] : undefined));
    zRing.classList.toggle("hidden", step !== "4");
    if (step === "4") {
      const { oh, ow } = D.win(k);
      Z.box(zRing, oh, ow, oh, ow);
    }
  };

  /** What travels into this moment, as flights (from box → to box with its value). */
  S.flights = (mo) => {
    const { step, k } = mo;
    const out = [];
    if (step === "2") {
      const to = S.blockAt(mine, k);
      for (let o = 0; o < d.ph * d.pw; o++) {
        const from = X.cellBox(D.cellOf(k, o));
        const cell = to.grid.cellBox(o);
        out.push({ from, to: { x: to.x + cell.x, y: to.y + cell.y, s: cell.s }, value: D.blockValue(mine, k, o), scale: D.scales.X, hide: [to.grid, o] });
      }
    } else if (step === "4") {
      const at = S.blockAt(mine, k);
      const offsets = D.avg ? D.routedOffsets(k) : P.picked[k].slice(0, 1);
      for (const o of offsets) {
        const cell = at.grid.cellBox(o);
        out.push({ from: { x: at.x + cell.x, y: at.y + cell.y, s: cell.s }, to: Z.cellBox(k), value: D.avg ? D.blockValue(mine, k, o) : P.Z[k], scale: D.scales.X, hide: [Z, k] });
      }
      if (!offsets.length) out.push({ from: X.cellBox(D.cellOf(k, 0)), to: Z.cellBox(k), value: P.Z[k], scale: D.scales.X, hide: [Z, k] });
    }
    return out;
  };

  /** The blocks that move between the two arrangements at (3). */
  S.moves = (mo) => {
    if (mo.step !== "3" || !P.full_blocks) return [];
    return blocks.flat().map((b) => ({ el: b.g, from: b.a, to: b.b }));
  };

  /** What pops into view at this moment: at (3) the new order of the axes in the blocks' title. */
  S.pops = (mo) => (mo.step === "3" ? [S.titles.B] : []);
  S.hover = (p, i, el) => forwardHover(S, D, p, i, el);
  S.alt = (mo) => Object.assign(forwardAlt(S, D, mo), ...others.map((o) => o.alt(mo)));
  // the text alternative's order: slice by slice, then the blocks of the chosen slice
  S.altNames = D.side ? [...sliceGroups(D, ["X", "Z"]).flat(), "B"] : ["X", "B", "Z"];
  S.info = (mo) => forwardInfo(D, mo);
  S.fact = (mo) => forwardFact(D, mo);
  return S;
}

/** The moment's fact in one clause (null when there is none to tell): the info line and the live region say it. */
function forwardFact(D, mo) {
  const { P } = D;
  const w = D.win(mo.k);
  if (mo.step === "4") {
    const cells = P.picked[mo.k].map((o) => cellName(D, D.cellOf(mo.k, o)));
    const where = D.avg ? W("fact_average") : cells.length ? W("fact_picked_at", { cells: cells.join(", ") }) : W("fact_no_pick");
    return `Z[${w.oh}, ${w.ow}] = ${cellText(P.Z[mo.k])}: ${where}`;
  }
  if (mo.step === "2") return W("fact_slot", { oh: w.oh, ow: w.ow, r0: w.r0, r1: w.r1 + 1, c0: w.c0, c1: w.c1 + 1 });
  return null;
}

function forwardInfo(D, mo) {
  const fact = forwardFact(D, mo);
  if (mo.step === "4") return W("info_click_z", { fact });
  if (fact) return sentence(fact);
  if (D.side) return W("info_slices_forward", { x: sliceTitle("X", D.main) });
  return W("info_hover_forward");
}

function cellName(D, cell) {
  return `(${Math.floor(cell / D.d.w)}, ${cell % D.d.w})`;
}
