// scene_backward.js — the backward pass's picture: X, Z, dA (dZ), the window's Xb, Zb, mask, dZb, dXb, and dX;
// what each moment shows, what travels (dA's value along the mask into dX), and the (9hw) "+=" badges.

const WINDOW_PANELS = ["Xb", "Zb", "M", "dZb", "dXb"];

function backwardPanels(D) {
  const { d } = D;
  const block = (title) => ({ cols: d.pw, rows: d.ph, title });
  const mTitle = D.avg ? W("title_weights") : W("title_mask");
  const main = D.main;
  const named = (array, suffix) => (D.side ? sliceTitle(array, main) : D.multi ? `${sliceTitle(array, main)}${suffix}` : `${array}${suffix}`);
  const dATitles = D.multi ? [named("dA", " (1)"), D.side ? dzTitle(main) : `${dzTitle(main)} (2)`] : ["dA (1)", "dZ (2)"];
  const panels = {
    X: { cols: d.w, rows: d.h, title: named("X", "") },
    Z: { cols: d.ow, rows: d.oh, title: D.multi ? sliceTitle("Z", main) : "Z" },
    dA: { cols: d.ow, rows: d.oh, title: dATitles[0] },
    Xb: block("Xb (4hw)"),
    Zb: block("Zb (5hw)"),
    M: block(mTitle),
    dZb: block("dZb (7hw)"),
    dXb: block("dXb (8hw)"),
    dX: { cols: d.w, rows: d.h, title: named("dX", " (3), += (9hw)") },
  };
  const titles = { dA: dATitles };
  let arrangements = [
    [["X", "Z", "dA", "dX"], WINDOW_PANELS],
    [["X", "Z", "dA"], WINDOW_PANELS, ["dX"]],
    [["X", "dX"], ["Z", "dA", ...WINDOW_PANELS]],
    [["X", "dX"], ["Z", "dA"], WINDOW_PANELS],
    [["X", "dX"], ["Z", "dA"], ["Xb", "Zb", "M"], ["dZb", "dXb"]],
    [["X"], ["Z", "dA"], ["Xb", "Zb", "M"], ["dZb", "dXb"], ["dX"]],
  ];
  if (D.side) {
    D.slices.forEach((sl, j) => {
      if (sl.main) return;
      panels[`X#${j}`] = { cols: d.w, rows: d.h, title: sliceTitle("X", sl) };
      panels[`dA#${j}`] = { cols: d.ow, rows: d.oh, title: dzTitle(sl) }; // the longer of its two titles
      panels[`dX#${j}`] = { cols: d.w, rows: d.h, title: sliceTitle("dX", sl) };
    });
    // every slice's X, dA and dX; then the chosen slice's Z (beside them, at their scale) and the window's detail
    const detail = [
      { tail: ["Z"], rows: [WINDOW_PANELS] },
      { rows: [["Z", ...WINDOW_PANELS]] },
      { rows: [["Z", "Xb", "Zb"], ["M", "dZb", "dXb"]] },
    ];
    arrangements = sideArrangements(sliceGroups(D, ["X", "dA", "dX"]), detail, preferredPerRow(D));
  }
  return { panels, titles, arrangements };
}

function buildBackward(layer, D, lay, look, spec) {
  const { d, P } = D;
  const place = lay.place;
  const S = { phase: "backward", grids: {}, titles: {} };
  const opts = (scale, chars) => ({ scale, chars, minFont: look.minFont, maxFont: look.maxFont });
  const names = ["X", "Z", "dA", ...WINDOW_PANELS, "dX"];
  for (const name of names) {
    const p = place[name];
    S.titles[name] = svgLabel(layer, p.titleX, p.titleY, spec.panels[name].title);
  }
  if (D.side) for (const name of ["X", "Z", "dA", "dX"]) S.titles[name].classList.add("mine"); // the slice with the detail
  const scaleOf = { X: "X", Z: "X", dA: "dA", Xb: "X", Zb: "X", M: "mask", dZb: "dA", dXb: "dXb", dX: "dX" };
  const charsOf = { X: "X", Z: "Z", dA: "dA", Xb: "X", Zb: "Z", M: "mask", dZb: "dA", dXb: "dXb", dX: "dX" };
  for (const name of names) {
    const p = spec.panels[name];
    S.grids[name] = new Grid(layer, name, p.rows, p.cols, place[name], opts(D.scales[scaleOf[name]], D.chars[charsOf[name]]));
  }
  const G = S.grids;
  G.X.setAll(D.Xi);
  G.Z.setAll(P.Z);
  G.dA.setAll(P.dA);
  P.cover.forEach((n, i) => {
    if (n === 0) {
      G.X.mark(i, "unread", true);
      G.dX.mark(i, "unread", true);
    }
  });
  const xBox = svgEl("rect", { class: "win hidden" }, G.X.overlay);
  const dxBox = svgEl("rect", { class: "win hidden" }, G.dX.overlay);
  const zRing = svgEl("rect", { class: "ring hidden" }, G.Z.overlay);
  const aRing = svgEl("rect", { class: "ring hidden" }, G.dA.overlay);
  const rings = [];
  const badgeLayer = svgEl("g", { class: "badges" }, layer);
  const coverLayer = svgEl("g", { class: "cover hidden" }, layer);
  const badgeFont = Math.max(look.badgeFont, Math.round(G.dX.s * 0.3));
  if (G.dX.s >= 18) {
    P.cover.forEach((n, i) => {
      const b = G.dX.cellBox(i);
      const t = svgEl("text", { class: "cover-n", x: b.x + 3, y: b.y + 3, "font-size": Math.max(10, Math.round(b.s * 0.26)) }, coverLayer);
      t.textContent = `×${n}`;
    });
  }

  const loopIndex = (step) => LOOP_STEPS.indexOf(step); // 0 = 4hw … 5 = 9hw, -1 before the loop
  /** Windows whose (9hw) is done at this moment. */
  S.done = (mo) => {
    const j = loopIndex(mo.step);
    if (j < 0) return 0;
    return j === 5 ? mo.k + 1 : mo.k;
  };
  const others = D.slices.map((sl, j) => (sl.main ? null : backwardSlice(layer, D, j, place, opts, S, S.done))).filter(Boolean);

  function showRings(k) {
    const cells = k === null ? [] : P.picked[k].map((o) => D.cellOf(k, o));
    while (rings.length < cells.length) rings.push(G.X.pickMark());
    rings.forEach((ring, j) => {
      G.X.showPick(ring, j < cells.length);
      if (j < cells.length) G.X.placePick(ring, Math.floor(cells[j] / d.w), cells[j] % d.w);
    });
  }

  let badges = [];
  function showBadges(k) {
    for (const b of badges) b.remove();
    badges = [];
    if (k === null || G.dX.s < 14) return; // cells too small for a badge: the info line says it
    const amount = P.amt[k];
    const label = (typeof amount === "number" && amount >= 0 ? "+" : "") + cellText(amount);
    for (const o of D.routedOffsets(k)) {
      const cell = D.cellOf(k, o);
      const box = G.dX.cellBox(cell);
      const w = Math.max(badgeFont * (label.length * 0.62 + 0.5), badgeFont * 1.4);
      const g = svgEl("g", { class: "badge", transform: `translate(${box.x + box.s - w * 0.55}, ${box.y - badgeFont * 0.45})` }, badgeLayer);
      svgEl("rect", { x: 0, y: 0, width: w, height: badgeFont * 1.25, rx: badgeFont * 0.4 }, g);
      const t = svgEl("text", { x: w / 2, y: badgeFont * 0.66, "font-size": badgeFont }, g);
      t.textContent = label;
      badges.push(g);
    }
  }

  S.render = (mo) => {
    const { step, k } = mo;
    for (const other of others) other.render(mo);
    const j = loopIndex(step);
    const perWindow = j >= 0;
    const w = D.win(k);
    if (perWindow) {
      G.X.box(xBox, w.r0, w.c0, w.r1, w.c1);
      G.dX.box(dxBox, w.r0, w.c0, w.r1, w.c1);
      G.Z.box(zRing, w.oh, w.ow, w.oh, w.ow);
      G.dA.box(aRing, w.oh, w.ow, w.oh, w.ow);
    }
    xBox.classList.toggle("hidden", !perWindow);
    dxBox.classList.toggle("hidden", !perWindow);
    dxBox.classList.toggle("pending", j >= 0 && j < 5);
    zRing.classList.toggle("hidden", !(j >= 1 && j <= 2));
    aRing.classList.toggle("hidden", !(j >= 3));
    showRings(j >= 2 && !D.avg ? k : null);
    // dA: (1) as it comes; from (2) on it is dZ, each value a 1×1 block
    G.dA.g.classList.toggle("expanded", step !== "1");
    S.titles.dA.textContent = spec.titles.dA[step === "1" ? 0 : 1];
    // the window's panels fill in as the loop goes: Xb (4hw), Zb (5hw), mask (6hw), dZb (7hw), dXb (8hw)
    const routed = new Set(perWindow ? D.routedOffsets(k) : []);
    const has = (panel) => perWindow && j >= WINDOW_PANELS.indexOf(panel);
    G.Xb.setAll((o) => (has("Xb") ? D.blockValue(D.P.samples.indexOf(P.i), k, o) : undefined));
    G.Zb.setAll(() => (has("Zb") ? P.Z[k] : undefined));
    G.M.setAll((o) => (has("M") ? (D.avg ? P.weight : routed.has(o) ? 1 : 0) : undefined));
    G.dZb.setAll(() => (has("dZb") ? P.dA[k] : undefined));
    G.dXb.setAll((o) => (has("dXb") ? (routed.has(o) ? P.amt[k] : 0) : undefined));
    for (let o = 0; o < d.ph * d.pw; o++) {
      G.Xb.mark(o, "picked", has("M") && !D.avg && routed.has(o));
      G.M.hatch(o, has("M") && routed.has(o));
    }
    // dX: nothing before (3), zeros at (3), then the running += (a lookup per cell)
    const done = S.done(mo);
    G.dX.setAll((cell) => (step === "1" || step === "2" ? undefined : D.dxAt(cell, done)));
    coverLayer.classList.toggle("hidden", step !== "3");
    showBadges(j === 5 ? k : null);
  };

  S.flights = (mo) => {
    const { step, k } = mo;
    const out = [];
    const mine = P.samples.indexOf(P.i);
    const block = d.ph * d.pw;
    const routed = D.routedOffsets(k);
    if (step === "4hw") {
      for (let o = 0; o < block; o++) out.push({ from: G.X.cellBox(D.cellOf(k, o)), to: G.Xb.cellBox(o), value: D.blockValue(mine, k, o), scale: D.scales.X, hide: [G.Xb, o] });
    } else if (step === "5hw") {
      for (let o = 0; o < block; o++) out.push({ from: G.Z.cellBox(k), to: G.Zb.cellBox(o), value: P.Z[k], scale: D.scales.X, hide: [G.Zb, o] });
    } else if (step === "6hw") {
      for (const o of routed) out.push({ from: D.avg ? G.Zb.cellBox(o) : G.Xb.cellBox(o), to: G.M.cellBox(o), value: D.avg ? P.weight : 1, scale: D.scales.mask, hide: [G.M, o] });
    } else if (step === "7hw") {
      for (let o = 0; o < block; o++) out.push({ from: G.dA.cellBox(k), to: G.dZb.cellBox(o), value: P.dA[k], scale: D.scales.dA, hide: [G.dZb, o] });
    } else if (step === "8hw") {
      for (const o of routed) out.push({ from: G.dZb.cellBox(o), via: G.M.cellBox(o), to: G.dXb.cellBox(o), value: P.amt[k], scale: D.scales.dXb, hide: [G.dXb, o] });
    } else if (step === "9hw") {
      for (const o of routed) {
        const cell = D.cellOf(k, o);
        out.push({ from: G.dXb.cellBox(o), to: G.dX.cellBox(cell), value: P.amt[k], scale: D.scales.dXb, hide: [G.dX, cell], flash: true });
      }
    }
    return out;
  };

  S.moves = () => [];
  S.pops = (mo) => (mo.step === "2" ? [S.titles.dA] : mo.step === "9hw" ? badges : []);
  S.hover = (p, i, el) => backwardHover(S, D, p, i, el);
  S.alt = (mo) => Object.assign(backwardAlt(S, D, mo), ...others.map((o) => o.alt(mo)));
  // the text alternative's order: slice by slice, then the chosen slice's Z and window detail
  S.altNames = D.side ? [...sliceGroups(D, ["X", "dA", "dX"]).flat(), "Z", ...WINDOW_PANELS] : ["X", "Z", "dA", ...WINDOW_PANELS, "dX"];
  S.info = (mo) => backwardInfo(S, D, mo);
  S.fact = (mo) => backwardFact(S, D, mo);
  return S;
}

/** The moment's fact in one clause (null when there is none to tell): the info line and the live region say it. */
function backwardFact(S, D, mo) {
  const w = D.win(mo.k);
  const step = mo.step;
  if (step === "9hw") {
    const changes = D.routedOffsets(mo.k).map((o) => {
      const cell = D.cellOf(mo.k, o);
      const e = D.hist.get(cell).find((x) => x.k === mo.k);
      return `${cellName(D, cell)} ${cellText(e.before)} → ${cellText(e.after)}`;
    });
    if (!changes.length) return W("fact_adds_nothing");
    return `dX += dXb: ${changes.slice(0, 4).join(" · ")}${changes.length > 4 ? " · " + W("more_count", { more: changes.length - 4 }) : ""}`;
  }
  if (step === "5hw") return W("fact_zb", { oh: w.oh, ow: w.ow, v: cellText(D.P.Z[mo.k]) });
  if (step === "6hw") {
    if (D.avg) return W("fact_weighs", { v: cellText(D.P.weight) });
    const n = D.P.picked[mo.k].length;
    return n ? W("fact_mask_ones", {}, n) : W("fact_mask_zero");
  }
  if (step === "7hw") return W("fact_dzb", { oh: w.oh, ow: w.ow, v: cellText(D.P.dA[mo.k]) });
  return null;
}

function backwardInfo(S, D, mo) {
  const fact = backwardFact(S, D, mo);
  if (fact) return sentence(fact);
  if (mo.step === "3") return W("info_dx_starts");
  if (D.side && mo.step === "1") return W("info_slices_backward", { x: sliceTitle("X", D.main) });
  return W("info_hover_backward");
}
