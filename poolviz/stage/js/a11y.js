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
  let x = `${name("X")}: ${d.h} rows, ${d.w} columns.`;
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
    b += ` The current block (${w.oh}, ${w.ow}) of sample ${P.i}${d.d > 1 ? `, channel ${P.c},` : ""} holds, row by row: ${rows.join("; ")}.`;
  }
  if (D.side && d.d > 1) b += ` The blocks are drawn for channel ${P.c} only.`;
  let z = `${name("Z")}: ${d.oh} rows, ${d.ow} columns.`;
  if (mo.step !== "4") z += " Not computed yet.";
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
  out.X = `${name("X")}: ${d.h} rows, ${d.w} columns.` + (j >= 0 ? " " + windowSentence(D, k) : "") + (j >= 2 ? " " + pickedSentence(D, k) : "");
  out.Z = `${name("Z")}: ${d.oh} rows, ${d.ow} columns.` + (j >= 1 && j <= 2 ? ` Z[${D.win(k).oh}, ${D.win(k).ow}] is this window's output.` : "");
  const dz = D.multi ? dzTitle(D.main) : "dZ";
  out.dA = (mo.step === "1" ? name("dA") : `${dz}, which is dA with two axes of size 1 added,`) + `: ${d.oh} rows, ${d.ow} columns.`;
  const empty = " Empty: not reached yet in this window.";
  const of = D.side ? ` of ${name("X")}` : "";
  out.Xb = `Xb, the window's block${of}, ${d.ph} by ${d.pw}.` + (j >= 0 ? "" : empty);
  out.Zb = `Zb, Z of this window repeated ${d.ph} by ${d.pw}.` + (j >= 1 ? "" : empty);
  out.M = (D.avg ? `The weights, each 1/(ph·pw) = ${cellText(P.weight)}.` : "The mask: 1 where Xb equals Zb.") + (j >= 2 ? "" : empty);
  out.dZb = `dZb, dA of this window repeated ${d.ph} by ${d.pw}.` + (j >= 3 ? "" : empty);
  out.dXb = "dXb = dZb times the mask." + (j >= 4 ? "" : empty);
  const done = S.done(mo);
  let dx = `${name("dX")}: ${d.h} rows, ${d.w} columns.`;
  if (mo.step === "1" || mo.step === "2") dx += " Not made yet.";
  else if (done === 0) dx += " All zeros.";
  else dx += ` After the += of window${done > 1 ? "s" : ""} 0 to ${done - 1}.`;
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
