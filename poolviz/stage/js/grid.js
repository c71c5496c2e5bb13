// grid.js — one panel of cells drawn in SVG: a rect per cell, its number as SVG <text> (DOM text, never a canvas),
// the fill from the panel's own colour range and a text colour picked per cell for contrast. Only what changed
// is written to the DOM, so a step that changes three cells costs three cells.

// Widths of the characters a cell can hold, in font sizes (DejaVu Sans Bold; digits are tabular).
const CHAR_EM = { ".": 0.38, ",": 0.38, "-": 0.45, "−": 0.84, N: 0.84, a: 0.68, "∞": 0.84, e: 0.68 };

/** How wide `text` is, in font sizes. */
function textEm(text) {
  let em = 0;
  for (const ch of text) em += CHAR_EM[ch] ?? 0.7;
  return em;
}

const LONG_TEXT_FLOOR = 0.8; // a number too wide for minFont (a decimal in a small cell) may go down to 80 % of it

/**
 * The font size at which a text `em` font sizes wide fits a cell of side s. Whole numbers of one or two digits
 * never go below minFont; wider texts (decimals, NaN) may go to 80 % of it; below that the cell shows no number
 * (0: numbers on hover and in the text alternative).
 */
function fitFont(s, em, minFont, maxFont) {
  const fs = Math.min(0.6 * s, maxFont, (0.86 * s) / Math.max(em, 0.7));
  const floor = em > 1.45 ? minFont * LONG_TEXT_FLOOR : minFont;
  return fs >= floor ? Math.floor(fs) : 0;
}

class Grid {
  /**
   * layer: the SVG <g> to draw in; name: the panel's id ("X", "Z", "dX"...); place: {x, y, s} from layout;
   * opts: {scale: value → fill, chars: the widest text, in font sizes (textEm), minFont, maxFont, frame: true}.
   */
  constructor(layer, name, rows, cols, place, opts) {
    this.name = name;
    this.rows = rows;
    this.cols = cols;
    this.x = place.x;
    this.y = place.y;
    this.s = place.s;
    this.scale = opts.scale;
    this.font = fitFont(this.s, opts.chars, opts.minFont, opts.maxFont);
    this.values = new Array(rows * cols); // undefined = blank (not computed yet)
    this.known = new Uint8Array(rows * cols); // 1 once a cell has been written
    this.g = svgEl("g", { class: `grid grid-${name}`, "data-grid": name }, layer);
    // outlines over these cells: thinner on small cells, so they never cover the number (grid.css)
    this.g.style.setProperty("--edge", `${Math.max(1.5, Math.min(4, this.s * 0.08)).toFixed(1)}px`);
    if (opts.frame !== false) {
      svgEl(
        "rect",
        {
          class: "frame",
          "data-frame": name,
          x: this.x - 2,
          y: this.y - 2,
          width: cols * this.s + 4,
          height: rows * this.s + 4,
        },
        this.g
      );
    }
    this.rects = [];
    this.texts = this.font ? [] : null;
    const inset = this.s >= 12 ? 1 : 0;
    for (let i = 0; i < rows * cols; i++) {
      const { x, y } = this.cellXY(i);
      const rect = svgEl(
        "rect",
        { class: "cell blank", x: x + inset / 2, y: y + inset / 2, width: this.s - inset, height: this.s - inset },
        this.g
      );
      rect.dataset.p = name;
      rect.dataset.i = i;
      rect.setAttribute("fill", BLANK_FILL);
      this.rects.push(rect);
      if (this.texts) {
        const t = svgEl(
          "text",
          { class: "num", x: x + this.s / 2, y: y + this.s / 2, "font-size": this.font },
          this.g
        );
        this.texts.push(t);
      }
    }
    this.overlay = svgEl("g", { class: "marks" }, this.g);
  }

  cellXY(i) {
    const r = Math.floor(i / this.cols);
    const c = i % this.cols;
    return { x: this.x + c * this.s, y: this.y + r * this.s };
  }

  cellBox(i) {
    const { x, y } = this.cellXY(i);
    return { x, y, s: this.s };
  }

  /** Show value v in cell i (undefined = blank). Writes the DOM only when the value changes. */
  set(i, v) {
    if (this.known[i] && Object.is(this.values[i], v)) return false;
    this.values[i] = v;
    this.known[i] = 1;
    const rect = this.rects[i];
    const fill = this.scale(v);
    rect.setAttribute("fill", fill);
    rect.classList.toggle("blank", v === undefined);
    rect.classList.toggle("nan", v === null);
    if (this.texts) {
      const t = this.texts[i];
      t.textContent = v === undefined ? "" : cellText(v);
      t.setAttribute("fill", textColourOn(fill));
    }
    return true;
  }

  /** Set every cell from values (an array) or a function i → value; returns the indexes that changed. */
  setAll(values) {
    const changed = [];
    const get = typeof values === "function" ? values : (i) => values[i];
    for (let i = 0; i < this.rows * this.cols; i++) if (this.set(i, get(i))) changed.push(i);
    return changed;
  }

  /** A class on cell i (for "picked", "unread", "hover"...). */
  mark(i, cls, on) {
    this.rects[i].classList.toggle(cls, on);
  }

  /** A picked cell's mark: a dashed outline with a filled corner (the window's outline is solid, unmarked). */
  pickMark() {
    const g = svgEl("g", { class: "pick-mark" }, this.overlay);
    svgEl("rect", { class: "pick" }, g);
    svgEl("path", { class: "corner" }, g);
    return g;
  }

  /** Show or hide a pickMark; its outline carries "hidden" too, as every other outline does. */
  showPick(mark, on) {
    mark.classList.toggle("hidden", !on);
    mark.firstChild.classList.toggle("hidden", !on);
  }

  /** Put a pickMark on cell (r, c). */
  placePick(mark, r, c) {
    this.box(mark.firstChild, r, c, r, c);
    const { x, y, s } = this.cellBox(r * this.cols + c);
    const t = Math.max(6, s * 0.28);
    mark.lastChild.setAttribute("d", `M${x + s - t},${y}H${x + s}V${y + t}Z`);
  }

  /** Diagonal stripes over cell i (the mask's cells that route gradient): a pattern as well as a colour. */
  hatch(i, on) {
    this.stripes = this.stripes || [];
    if (!on && !this.stripes[i]) return;
    if (!this.stripes[i]) {
      const { x, y, s } = this.cellBox(i);
      let d = "";
      for (const a of [0.25, 0.5, 0.75, 1]) d += `M${x},${y + a * s}L${x + a * s},${y}`;
      for (const a of [0.25, 0.5, 0.75]) d += `M${x + a * s},${y + s}L${x + s},${y + a * s}`;
      this.stripes[i] = svgEl("path", { class: "hatch", d, "data-i": i }, this.overlay);
    }
    this.stripes[i].classList.toggle("hidden", !on);
  }

  /** An outline over cells rows r0..r1, cols c0..c1 (inclusive), reusing `rect` when given. */
  box(rect, r0, c0, r1, c1, cls) {
    const node = rect || svgEl("rect", { class: cls }, this.overlay);
    node.setAttribute("x", this.x + c0 * this.s);
    node.setAttribute("y", this.y + r0 * this.s);
    node.setAttribute("width", (c1 - c0 + 1) * this.s);
    node.setAttribute("height", (r1 - r0 + 1) * this.s);
    return node;
  }
}

/** A text label (panel title) centred at x. */
function svgLabel(layer, x, y, text, cls) {
  const t = svgEl("text", { class: cls || "title", x, y }, layer);
  t.textContent = text;
  return t;
}
