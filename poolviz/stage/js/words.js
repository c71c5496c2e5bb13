// words.js — the step's words in their fixed panels: the heading, the narration (Python's templates filled with
// this window's facts), the spec's code with the step's lines highlighted, and the equation (MathML from Python).

function stepInfo(D, phase, step) {
  return D.P.steps[phase].find((s) => s.n === step);
}

function headingText(D, mo) {
  const info = stepInfo(D, mo.phase, mo.step);
  let text = `${W(mo.phase)} (${mo.step}) · ${info.title}`;
  if (D.moments.perWindow(mo.phase, mo.step)) {
    const w = D.win(mo.k);
    text += " · " + W("heading_window", { oh: w.oh, ow: w.ow, k: mo.k + 1, n: D.n });
  }
  return text;
}

/** The narration's paragraphs at this moment, exactly as poolviz.words.narration.explain words them. */
function narrationParagraphs(D, mo) {
  const info = stepInfo(D, mo.phase, mo.step);
  const k = mo.k;
  const w = D.win(k);
  const picks = D.avg ? 0 : D.P.picked[k].length;
  const values = { oh_i: w.oh, ow_i: w.ow, hs: w.r0, he_1: w.r1, ws: w.c0, we_1: w.c1, picks, zg: D.zg(k) };
  const out = [];
  for (const [when, template] of info.text) {
    if (when === "tie" && !(picks > 1)) continue;
    if (when === "nan" && !D.isNanWindow.has(k)) continue;
    if (when === "last" && k !== D.n - 1) continue;
    out.push(fillTemplate(template, values));
  }
  return out;
}

class Words {
  constructor(root, D) {
    this.D = D;
    this.heading = root.querySelector(".pv-heading");
    this.narration = root.querySelector(".pv-narration .pv-text");
    this.equation = root.querySelector(".pv-equation .pv-eq");
    this.codeBox = root.querySelector(".pv-code .pv-code-lines");
    this.shapes = root.querySelector(".pv-shapes");
    this.codePhase = null;
    this.lines = [];
    this.lastEq = null;
    this.shapes.replaceChildren();
    for (const [name, value] of D.P.shapes) {
      const row = htmlEl("div", { class: "shape" }, this.shapes);
      htmlEl("span", { class: "shape-name" }, row, name);
      htmlEl("span", { class: "shape-value" }, row, value);
    }
  }

  showCode(phase) {
    if (this.codePhase === phase) return;
    this.codePhase = phase;
    this.codeBox.replaceChildren();
    this.lines = this.D.P.code[phase].map((line, j) => {
      const row = htmlEl("div", { class: "ln" }, this.codeBox);
      htmlEl("span", { class: "no", "aria-hidden": "true" }, row, String(j + 1));
      htmlEl("span", { class: "src" }, row, line || " ");
      return row;
    });
  }

  /** Shrink the equation until it fits its fixed box (never below 80 %, then it scrolls): the box never grows. */
  fitEquation() {
    const box = this.equation;
    let size = 1.15;
    box.style.fontSize = `${size}em`;
    while (size > 0.8 && (box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1)) {
      size -= 0.05;
      box.style.fontSize = `${size.toFixed(2)}em`;
    }
  }

  render(mo) {
    const D = this.D;
    const info = stepInfo(D, mo.phase, mo.step);
    const heading = headingText(D, mo);
    this.heading.textContent = heading;
    this.heading.title = heading;
    const paras = narrationParagraphs(D, mo);
    const old = this.narration.children;
    for (let j = 0; j < Math.max(paras.length, old.length); j++) {
      if (j >= paras.length) {
        old[j].hidden = true;
        continue;
      }
      const p = old[j] || htmlEl("p", {}, this.narration);
      p.hidden = false;
      if (p.textContent !== paras[j]) p.textContent = paras[j];
    }
    const eqKey = `${mo.phase}:${mo.step}`;
    if (this.lastEq !== eqKey) {
      this.lastEq = eqKey;
      this.equation.innerHTML = info.mathml; // made by Python from the spec's own LaTeX, never from user input
      this.equation.title = info.tex;
      this.fitEquation();
    }
    this.showCode(mo.phase);
    const [a, b] = info.lines;
    this.lines.forEach((row, j) => row.classList.toggle("on", j + 1 >= a && j + 1 <= b));
    const box = this.codeBox.parentElement;
    const first = this.lines[a - 1];
    if (first) {
      const last = this.lines[b - 1] || first;
      const span = last.offsetTop + last.offsetHeight - first.offsetTop;
      const top = first.offsetTop - Math.max(4, (box.clientHeight - span) / 2);
      box.scrollTop = Math.max(0, top);
    }
    return heading;
  }
}
