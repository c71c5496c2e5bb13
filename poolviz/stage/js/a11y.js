// a11y.js — what a screen reader gets: every grid as rows of numbers with its window and picked cells said in
// words (the stage's text alternative, also what the tests compare with the trace), and one sentence per step
// in a polite live region.

function cellWords(D, cell) {
  return W("cell_words", { r: Math.floor(cell / D.d.w), c: cell % D.d.w });
}

function windowSentence(D, k) {
  const w = D.win(k);
  return W("window_sentence", { oh: w.oh, ow: w.ow, r0: w.r0, r1: w.r1, c0: w.c0, c1: w.c1 });
}

function pickedSentence(D, k) {
  if (D.avg) return W("picked_avg");
  const cells = D.P.picked[k].map((o) => D.cellOf(k, o));
  if (!cells.length) return W("picked_none");
  const v = cellText(D.P.Z[k]);
  const tie = cells.length > 1 ? W("picked_tie", { count: cells.length }) : "";
  return W("picked", { cells: cells.map((c) => cellWords(D, c)).join("; "), v, tie });
}

function forwardAlt(S, D, mo) {
  const { d, P } = D;
  const per = mo.step === "2" || mo.step === "4";
  const unread = P.cover.filter((n) => n === 0).length;
  const name = (array) => (D.multi ? sliceTitle(array, D.main) : array);
  let x = `${name("X")}: ${W("rows_cols", { rows: d.h, cols: d.w })}`;
  if (per) x += " " + windowSentence(D, mo.k);
  if (mo.step === "4") x += " " + pickedSentence(D, mo.k);
  if (unread) x += " " + W("unread", {}, unread);
  const order = mo.step === "1" || mo.step === "2" ? "(oh, ow, m, ph, pw, d)" : "(m, oh, ow, ph, pw, d)";
  let b = W("blocks_array", { order, shape: `(${mo.step === "1" || mo.step === "2" ? [d.oh, d.ow, d.m] : [d.m, d.oh, d.ow]}, ${d.ph}, ${d.pw}, ${d.d})` });
  if (mo.step === "1") b += " " + W("blocks_empty");
  else if (mo.step === "2") b += " " + W("blocks_cut", { k: mo.k });
  else b += " " + W("blocks_all_cut");
  if (per) {
    const w = D.win(mo.k);
    const rows = [];
    const mine = P.samples.indexOf(P.i);
    for (let a = 0; a < d.ph; a++) {
      const row = [];
      for (let c = 0; c < d.pw; c++) row.push(cellText(D.blockValue(mine, mo.k, a * d.pw + c)));
      rows.push(row.join(", "));
    }
    const block = { oh: w.oh, ow: w.ow, i: P.i, c: P.c, rows: rows.join("; ") };
    b += " " + (d.d > 1 ? W("current_block_channel", block) : W("current_block", block));
  }
  if (D.side && d.d > 1) b += " " + W("blocks_channel_only", { c: P.c });
  let z = `${name("Z")}: ${W("rows_cols", { rows: d.oh, cols: d.ow })}`;
  if (mo.step !== "4") z += " " + W("not_computed");
  else {
    const w = D.win(mo.k);
    z += " " + W("filled_up_to", { k: mo.k, oh: w.oh, ow: w.ow, v: cellText(P.Z[mo.k]) });
  }
  return { X: x, B: b, Z: z };
}

function backwardAlt(S, D, mo) {
  const { d, P } = D;
  const j = LOOP_STEPS.indexOf(mo.step);
  const k = mo.k;
  const out = {};
  const name = (array) => (D.multi ? sliceTitle(array, D.main) : array);
  out.X = `${name("X")}: ${W("rows_cols", { rows: d.h, cols: d.w })}` + (j >= 0 ? " " + windowSentence(D, k) : "") + (j >= 2 ? " " + pickedSentence(D, k) : "");
  out.Z = `${name("Z")}: ${W("rows_cols", { rows: d.oh, cols: d.ow })}` + (j >= 1 && j <= 2 ? " " + W("z_output", { oh: D.win(k).oh, ow: D.win(k).ow }) : "");
  const dz = D.multi ? dzTitle(D.main) : "dZ";
  out.dA = (mo.step === "1" ? name("dA") : W("dz_named_is_da", { dz })) + `: ${W("rows_cols", { rows: d.oh, cols: d.ow })}`;
  const empty = " " + W("empty_window");
  const size = { ph: d.ph, pw: d.pw, of: name("X") };
  out.Xb = (D.side ? W("alt_xb_of", size) : W("alt_xb", size)) + (j >= 0 ? "" : empty);
  out.Zb = W("alt_zb", size) + (j >= 1 ? "" : empty);
  out.M = (D.avg ? W("alt_weights", { v: cellText(P.weight) }) : W("alt_mask")) + (j >= 2 ? "" : empty);
  out.dZb = W("alt_dzb", size) + (j >= 3 ? "" : empty);
  out.dXb = W("alt_dxb") + (j >= 4 ? "" : empty);
  const done = S.done(mo);
  let dx = `${name("dX")}: ${W("rows_cols", { rows: d.h, cols: d.w })}`;
  if (mo.step === "1" || mo.step === "2") dx += " " + W("not_made");
  else if (done === 0) dx += " " + W("all_zeros");
  else dx += " " + W("after_windows", { last: done - 1 }, done);
  if (j === 5) {
    const changes = D.routedOffsets(k).map((o) => {
      const cell = D.cellOf(k, o);
      const e = D.hist.get(cell).find((x) => x.k === k);
      return W("changed_from_to", { cell: cellWords(D, cell), before: cellText(e.before), after: cellText(e.after) });
    });
    dx += " " + (changes.length ? W("step_changed", { changes: changes.join("; ") }) : W("step_changed_nothing"));
  }
  out.dX = dx;
  return out;
}

/** The hidden text alternative of one scene: a section per grid with a summary and its rows of numbers. */
class AltView {
  /** One section per grid of `scene`, in the order of its `altNames`. */
  constructor(container, scene) {
    const names = scene.altNames;
    this.scene = scene;
    this.root = htmlEl("div", { class: "alt-scene", "data-alt-phase": scene.phase }, container);
    this.sections = {};
    for (const name of names) {
      const sec = htmlEl("section", { "data-alt": name }, this.root);
      const p = htmlEl("p", { class: "sum" }, sec);
      const grid = scene.grids[name];
      const ol = grid ? htmlEl("ol", { class: "rows" }, sec) : null;
      const rows = grid ? Array.from({ length: grid.rows }, () => htmlEl("li", {}, ol)) : [];
      this.sections[name] = { p, rows, cache: [] };
    }
  }

  update(mo) {
    const sums = this.scene.alt(mo);
    for (const [name, sec] of Object.entries(this.sections)) {
      if (sec.p.textContent !== sums[name]) sec.p.textContent = sums[name] || "";
      const grid = this.scene.grids[name];
      if (!grid) continue;
      for (let r = 0; r < grid.rows; r++) {
        const vals = [];
        for (let c = 0; c < grid.cols; c++) {
          const v = grid.values[r * grid.cols + c];
          vals.push(v === undefined ? W("empty") : cellText(v));
        }
        const text = W("alt_row", { r, values: vals.join(", ") });
        if (sec.cache[r] !== text) {
          sec.cache[r] = text;
          sec.rows[r].textContent = text;
        }
      }
    }
  }

  show(on) {
    this.root.hidden = !on;
  }
}
