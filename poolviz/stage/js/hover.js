// hover.js — hover and click link everything at once, with no server: an output cell lights its window in X,
// an X cell lights the windows that read it and the outputs it reached, a dX cell says what it adds up from.
// A click on a cell of Z or dA goes to its window. What a hover means is decided per phase below.

function windowWords(D, k) {
  const w = D.win(k);
  return W("window_words", { oh: w.oh, ow: w.ow, r0: w.r0, r1: w.r1, c0: w.c0, c1: w.c1 });
}

function pickedBy(D, cell, windows) {
  return windows.filter((k) => D.routedOffsets(k).some((o) => D.cellOf(k, o) === cell) && !D.avg);
}

function xCellHover(D, X, cell, outputs) {
  const r = Math.floor(cell / D.d.w);
  const c = cell % D.d.w;
  const windows = D.windowsReading(r, c);
  const boxes = windows.map((k) => {
    const w = D.win(k);
    return [X, w.r0, w.c0, w.r1, w.c1, "hoverbox thin"];
  });
  const marks = [[X, cell, "hot"]];
  const picks = pickedBy(D, cell, windows);
  for (const k of picks) for (const g of outputs) marks.push([g, k, "reached"]);
  const list = (ks) => ks.slice(0, 6).map((k) => `(${D.win(k).oh}, ${D.win(k).ow})`).join(", ") + (ks.length > 6 ? W("and_more", { more: ks.length - 6 }) : "");
  let text = `X[${r}, ${c}] = ${cellText(D.Xi[cell])}: `;
  if (!windows.length) text += W("x_unread");
  else {
    text += W("read_by", { list: list(windows) }, windows.length);
    if (D.avg) text += W("x_in_averages");
    else text += picks.length ? W("picked_by", { list: list(picks), outputs: picks.map((k) => `Z[${D.win(k).oh}, ${D.win(k).ow}]`).slice(0, 6).join(", ") }) : W("never_picked");
  }
  return { text, marks, boxes };
}

function outputHover(D, X, k, name, values, extra) {
  const w = D.win(k);
  const boxes = [[X, w.r0, w.c0, w.r1, w.c1, "hoverbox"]];
  for (const g of extra) boxes.push([g, w.r0, w.c0, w.r1, w.c1, "hoverbox"]);
  const picked = D.avg ? [] : D.P.picked[k].map((o) => D.cellOf(k, o));
  const marks = picked.map((cell) => [X, cell, "hot"]);
  const from = D.avg ? W("from_average") : picked.length ? W("from_picked", { cells: picked.map((c) => cellName(D, c)).join(", ") }) : W("from_nan");
  return { text: W("output_hover", { name, oh: w.oh, ow: w.ow, v: cellText(values[k]), window: windowWords(D, k), from }), marks, boxes };
}

function forwardHover(S, D, p, i, el) {
  const G = S.grids;
  if (p.includes("#")) return sliceHover(S, D, p, i); // another slice side by side
  if (p === "Z") return outputHover(D, G.X, i, "Z", D.P.Z, []);
  if (p === "X") return xCellHover(D, G.X, i, [G.Z]);
  if (p === "B") {
    const k = el.dataset.k !== undefined ? Number(el.dataset.k) : null;
    if (k === null) return null;
    const sample = Number(el.dataset.s);
    const cell = D.cellOf(k, i);
    const w = D.win(k);
    const a = Math.floor(i / D.d.pw);
    const b = i % D.d.pw;
    const marks = sample === D.P.i ? [[G.X, cell, "hot"]] : [];
    return {
      text: W("block_hover", { oh: w.oh, ow: w.ow, sample, a, b, r: Math.floor(cell / D.d.w), c: cell % D.d.w, v: cellText(D.blockValue(D.P.samples.indexOf(sample), k, i)) }),
      marks,
      boxes: [[G.X, w.r0, w.c0, w.r1, w.c1, "hoverbox"]],
    };
  }
  return null;
}

function backwardHover(S, D, p, i, el, mo) {
  const G = S.grids;
  if (p.includes("#")) return sliceHover(S, D, p, i); // another slice side by side
  mo = mo || S.current;
  if (p === "Z") return outputHover(D, G.X, i, "Z", D.P.Z, [G.dX]);
  if (p === "dA") return outputHover(D, G.X, i, "dA", D.P.dA, [G.dX]);
  if (p === "X") return xCellHover(D, G.X, i, [G.Z, G.dA]);
  if (p === "dX") {
    const done = S.done(mo);
    const r = Math.floor(i / D.d.w);
    const c = i % D.d.w;
    const list = D.contributions(i, done);
    const boxes = list.map((e) => {
      const w = D.win(e.k);
      return [G.X, w.r0, w.c0, w.r1, w.c1, "hoverbox thin"];
    });
    const marks = list.map((e) => [G.dA, e.k, "reached"]);
    const now = cellText(G.dX.values[i] === undefined ? 0 : G.dX.values[i]);
    let text = `dX[${r}, ${c}] = ${now}`;
    if (list.length) text += " = " + list.map((e) => W("amount_from", { v: cellText(e.amount), oh: D.win(e.k).oh, ow: D.win(e.k).ow })).join(" + ");
    else if (D.P.cover[i] === 0) text += W("dx_unread");
    else text += W("nothing_added", {}, D.P.cover[i]);
    return { text, marks, boxes };
  }
  if (WINDOW_PANELS.includes(p)) {
    const k = mo.k;
    const cell = D.cellOf(k, i);
    const a = Math.floor(i / D.d.pw);
    const b = i % D.d.pw;
    const v = G[p].values[i];
    return {
      text: W("block_cell_hover", { name: S.titles[p].textContent.split(" ")[0], a, b, v: v === undefined ? W("not_yet") : cellText(v), cell: cellName(D, cell) }),
      marks: [[G.X, cell, "hot"], [G.dX, cell, "hot"]],
      boxes: [],
    };
  }
  return null;
}

/** Wire hover and click on a scene's SVG; `show(text|null)` writes the info line, `jump(k)` goes to window k. */
function attachHover(svg, getScene, show, jump) {
  let applied = null;
  const clear = () => {
    if (!applied) return;
    for (const [g, i, cls] of applied.marks) g.mark(i, cls, false);
    for (const node of applied.nodes) node.remove();
    applied.el.classList.remove("hovered");
    applied = null;
  };
  const onOver = (e) => {
    const el = e.target;
    const p = el.dataset && el.dataset.p;
    clear();
    if (!p) {
      show(null);
      return;
    }
    const S = getScene();
    const h = S.hover(p, Number(el.dataset.i), el);
    if (!h) return show(null);
    for (const [g, i, cls] of h.marks) g.mark(i, cls, true);
    const nodes = h.boxes.map(([g, r0, c0, r1, c1, cls]) => g.box(null, r0, c0, r1, c1, cls));
    el.classList.add("hovered"); // the cell under the pointer, whatever it links to
    applied = { marks: h.marks, nodes, el };
    show(h.text);
  };
  const onLeave = () => {
    clear();
    show(null);
  };
  const onClick = (e) => {
    const el = e.target;
    const array = el.dataset && el.dataset.p ? el.dataset.p.split("#")[0] : null; // any slice's Z or dA
    if (array === "Z" || array === "dA") jump(Number(el.dataset.i));
  };
  svg.addEventListener("pointerover", onOver);
  svg.addEventListener("pointerleave", onLeave);
  svg.addEventListener("click", onClick);
  return { clear };
}
