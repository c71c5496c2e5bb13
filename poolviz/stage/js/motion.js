// motion.js — the data moves: copies of cells fly from where a value is to where it goes (a few hundred ms,
// Web Animations on a top layer), blocks slide between arrangements, changed cells flash. The final picture is
// drawn before any motion starts (the target cells are only hidden while their copy flies), so a new step always
// cancels the old motion cleanly. Off under prefers-reduced-motion.

class Motion {
  constructor(layer) {
    this.layer = layer;
    this.running = [];
    this.hidden = [];
    this.flyers = [];
    this.duration = 420;
  }

  enabled() {
    return !reducedMotion() && this.duration >= 60;
  }

  /** End every flight now: remove the copies and show the targets. */
  clear() {
    for (const a of this.running) a.cancel();
    this.running = [];
    for (const node of this.flyers) node.remove();
    this.flyers = [];
    for (const [grid, i] of this.hidden) {
      grid.mark(i, "arriving", false);
      if (grid.texts) grid.texts[i].classList.remove("arriving");
    }
    this.hidden = [];
  }

  /** flights: [{from: {x, y, s}, via?, to: {x, y, s}, value, scale, hide: [grid, i], flash?}] */
  fly(flights) {
    if (!this.enabled() || !flights.length) return;
    const t = this.duration;
    for (const f of flights) {
      const [grid, i] = f.hide;
      grid.mark(i, "arriving", true);
      if (grid.texts) grid.texts[i].classList.add("arriving");
      this.hidden.push([grid, i]);
      const g = svgEl("g", { class: "flyer" }, this.layer);
      this.flyers.push(g);
      const fill = f.scale(f.value);
      svgEl("rect", { x: 0, y: 0, width: f.to.s, height: f.to.s, fill }, g);
      if (grid.font) {
        const txt = svgEl("text", { x: f.to.s / 2, y: f.to.s / 2, "font-size": grid.font, fill: textColourOn(fill) }, g);
        txt.textContent = cellText(f.value);
      }
      const at = (b) => `translate(${b.x}px, ${b.y}px) scale(${b.s / f.to.s})`;
      const frames = f.via
        ? [{ transform: at(f.from) }, { transform: at(f.via), offset: 0.5 }, { transform: at(f.to) }]
        : [{ transform: at(f.from) }, { transform: at(f.to) }];
      const anim = g.animate(frames, { duration: t, easing: "cubic-bezier(.3,.7,.3,1)", fill: "forwards" });
      this.running.push(anim);
      anim.onfinish = () => {
        g.remove();
        grid.mark(i, "arriving", false);
        if (grid.texts) grid.texts[i].classList.remove("arriving");
        if (f.flash) this.flash(grid.rects[i]);
      };
    }
  }

  /** moves: [{el, from: [x, y], to: [x, y]}] — the element already sits at `to`; it slides there from `from`. */
  slide(moves) {
    if (!this.enabled() || !moves.length) return;
    for (const m of moves) {
      const anim = m.el.animate(
        [{ transform: `translate(${m.from[0]}px, ${m.from[1]}px)` }, { transform: `translate(${m.to[0]}px, ${m.to[1]}px)` }],
        { duration: this.duration * 1.6, easing: "ease-in-out" }
      );
      this.running.push(anim);
    }
  }

  flash(node) {
    if (!this.enabled()) return;
    const accent = getComputedStyle(node).getPropertyValue("--accent").trim(); // the theme's window colour
    this.running.push(node.animate([{ strokeWidth: "6px", stroke: accent }, { strokeWidth: "0px", stroke: accent }], { duration: 600 }));
  }

  /** Badges pop in. */
  pop(nodes) {
    if (!this.enabled()) return;
    for (const n of nodes) this.running.push(n.animate([{ opacity: 0 }, { opacity: 0, offset: 0.6 }, { opacity: 1 }], { duration: this.duration * 1.3 }));
  }
}
