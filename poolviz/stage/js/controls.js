// controls.js — the step controls: First / Back / Play-Pause / Next / Last (named in words), the slider labelled by
// spec step, autoplay speed, "this step in every window", jump to a window, next spec step, the pass switch, and
// the keys ← → Home End. Space on a focused control does that control's job; Space plays only from the stage.
// Outside the stage the page keeps its keys (Space, Home, End scroll it); only ← → with nothing focused step.

const SPEEDS = [0.25, 0.5, 1, 2, 4];
const EDITABLE_ROLES = new Set(["slider", "textbox", "combobox", "listbox", "spinbutton", "menu", "menuitem", "tab", "radio", "switch", "checkbox"]);

function isEditable(node) {
  if (!node || node.nodeType !== 1) return false;
  if (node.isContentEditable) return true;
  const tag = node.tagName;
  if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return true;
  return EDITABLE_ROLES.has(node.getAttribute("role"));
}

function isPageItself(node) {
  return node === document.body || node === document.documentElement;
}

function isControl(node) {
  return node && node.nodeType === 1 && (node.tagName === "BUTTON" || node.tagName === "SUMMARY" || node.tagName === "A");
}

class Controls {
  /** T: the timeline ({go, next, back, first, last, togglePlay, setSpeed, setSameStep, nextSpec, jumpTo, setPhase}). */
  constructor(root, T) {
    this.root = root;
    this.T = T;
    const q = (sel) => root.querySelector(sel);
    this.buttons = {};
    for (const b of root.querySelectorAll("[data-act]")) this.buttons[b.dataset.act] = b;
    this.slider = q(".pv-slider");
    this.where = q(".pv-where");
    this.ticks = q(".pv-ticks");
    this.speed = q(".pv-speed");
    this.same = q(".pv-same");
    this.jumpRow = q(".pv-jump-row");
    this.jumpCol = q(".pv-jump-col");
    this.more = q(".pv-more");
    this.morePanel = q(".pv-more-panel");
    this.speed.replaceChildren(...SPEEDS.map((s) => {
      const o = htmlEl("option", { value: String(s) }, null, `${s} / s`);
      if (s === 1) o.selected = true;
      return o;
    }));
    const on = (el, ev, fn) => {
      el.addEventListener(ev, fn);
      this.offs.push(() => el.removeEventListener(ev, fn));
    };
    this.offs = [];
    const acts = {
      first: () => T.first(),
      back: () => T.back(),
      play: () => T.togglePlay(),
      next: () => T.next(),
      last: () => T.last(),
      "next-step": () => T.nextSpec(),
      "pass-forward": () => T.setPhase("forward"),
      "pass-backward": () => T.setPhase("backward"),
      more: () => this.toggleMore(),
      jump: () => T.jumpTo(Number(this.jumpRow.value), Number(this.jumpCol.value)),
    };
    for (const [act, fn] of Object.entries(acts)) if (this.buttons[act]) on(this.buttons[act], "click", fn);
    on(this.slider, "input", () => T.go(T.phase, Number(this.slider.value), { from: "slider" }));
    on(this.speed, "change", () => T.setSpeed(Number(this.speed.value)));
    on(this.same, "change", () => T.setSameStep(this.same.checked));
    for (const t of root.querySelectorAll(".pv-toggle")) {
      on(t, "click", () => {
        const panel = t.closest(".pv-panel");
        const collapsed = panel.classList.toggle("collapsed");
        t.setAttribute("aria-expanded", String(!collapsed));
      });
    }
    const onKey = (e) => this.onKey(e);
    document.addEventListener("keydown", onKey);
    this.offs.push(() => document.removeEventListener("keydown", onKey));
  }

  /** The words that depend on the payload's language (the fixed ones: applyWords). */
  relabel() {
    for (const o of this.speed.options) o.textContent = W("per_second", { s: o.value });
  }

  toggleMore(open) {
    const show = open === undefined ? this.morePanel.hidden : open;
    this.morePanel.hidden = !show;
    this.buttons.more.setAttribute("aria-expanded", String(show));
  }

  onKey(e) {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    const path = e.composedPath ? e.composedPath() : [e.target];
    const target = path[0];
    const inStage = path.includes(this.root);
    if (!this.root.isConnected) return;
    if (e.key === "Escape" && inStage && !this.morePanel.hidden) {
      this.toggleMore(false);
      return;
    }
    if (isEditable(target)) return; // typing, a slider or a select of the page or of the stage: its own keys
    if (target.classList && target.classList.contains("pv-scroll")) return; // a focused panel scrolls with its keys
    const T = this.T;
    if (e.key === " " || e.key === "Spacebar") {
      // Space on a focused button is that button's job; it plays only when the stage itself has the focus
      if (isControl(target) || !inStage) return;
      e.preventDefault();
      T.togglePlay();
      return;
    }
    const moves = { ArrowRight: () => T.next(), ArrowLeft: () => T.back(), Home: () => T.first(), End: () => T.last() };
    if (!(e.key in moves)) return;
    // Outside the stage only ← → step, and only when nothing has the focus (a clicker on a projected page):
    // Home and End scroll the page, and a focused control of the page keeps every key.
    if (!inStage && (!(e.key === "ArrowRight" || e.key === "ArrowLeft") || !isPageItself(target))) return;
    e.preventDefault();
    moves[e.key]();
  }

  /** The slider's range and spec-step labels for a phase (once per phase switch). */
  setPhase(D, phase) {
    const len = D.moments.length[phase];
    this.slider.max = String(len - 1);
    this.buttons["pass-forward"].setAttribute("aria-pressed", String(phase === "forward"));
    this.buttons["pass-backward"].setAttribute("aria-pressed", String(phase === "backward"));
    this.ticks.replaceChildren();
    const marks =
      phase === "forward"
        ? [["1", "(1)"], ["2", `(2) × ${D.n}`], ["3", "(3)"], ["4", `(4) × ${D.n}`]]
        : [["1", "(1)–(3)"], ["4hw", `(4hw)…(9hw) × ${D.n} windows`]];
    const width = this.ticks.clientWidth;
    let lastEnd = -Infinity;
    for (const [step, label] of marks) {
      const idx = D.moments.index(phase, step, 0);
      const left = len > 1 ? (idx / (len - 1)) * width : 0;
      const span = htmlEl("span", { class: "tick", style: `left: ${left}px` }, this.ticks, label);
      if (left < lastEnd + 6 || left + span.offsetWidth > width + 2) span.hidden = true; // no label over another
      else lastEnd = left + span.offsetWidth;
    }
  }

  /** Before the stage is measured: widths that depend on the input only, so stepping never moves a control. */
  fitInput(D) {
    const lengths = Object.values(D.moments.length);
    const longest = Math.max(...lengths.map((len) => `(9hw) · window ${D.n}/${D.n} · ${len}/${len}`.length));
    this.where.style.width = `${(longest * 0.62 + 0.5).toFixed(1)}em`;
    this.where.textContent = "";
    this.jumpRow.max = String(D.d.oh - 1);
    this.jumpCol.max = String(D.d.ow - 1);
  }

  render(D, mo, idx, playing) {
    this.slider.value = String(idx);
    const len = D.moments.length[mo.phase];
    const per = D.moments.perWindow(mo.phase, mo.step);
    const w = D.win(mo.k);
    const where = `(${mo.step})${per ? " · " + W("where_window", { k: mo.k + 1, n: D.n }) : ""} · ${idx + 1}/${len}`;
    this.where.textContent = where;
    this.slider.setAttribute(
      "aria-valuetext",
      W("slider_value", { phase: W(mo.phase), step: mo.step, window: per ? W("slider_window", { oh: w.oh, ow: w.ow }) : "", i: idx + 1, len })
    );
    const play = this.buttons.play;
    play.querySelector(".label").textContent = playing ? W("pause") : W("play");
    play.classList.toggle("playing", playing);
    play.setAttribute("aria-pressed", String(playing));
    this.buttons.first.disabled = false;
    if (per) {
      this.jumpRow.value = String(w.oh);
      this.jumpCol.value = String(w.ow);
    }
  }

  destroy() {
    for (const off of this.offs) off();
    this.offs = [];
  }
}
