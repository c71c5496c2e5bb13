// timeline.js — the one timeline: a moment (phase, index) → the picture, heading, narration, code highlight,
// equation, controls, text alternative, live region, data-moment and the synced moment, all in one call, so they
// always agree. Autoplay, "this step in every window" and jumps are moves on this one timeline.

class Timeline {
  constructor(stage) {
    this.stage = stage; // {D, scenes, words, controls, alts, motion, root, live, info, sync}
    this.phase = "forward";
    this.idx = 0;
    this.playing = false;
    this.speed = 1;
    this.sameStep = false;
    this.timer = null;
  }

  get D() {
    return this.stage.D;
  }

  moment() {
    return this.D.moments.at(this.phase, this.idx);
  }

  /** Go to position idx of phase; opts.animate plays the motion of arriving there. */
  go(phase, idx, opts = {}) {
    const st = this.stage;
    const D = this.D;
    if (!D) return;
    idx = clamp(idx, 0, D.moments.length[phase] - 1);
    const phaseChanged = phase !== this.phase || opts.force;
    this.phase = phase;
    this.idx = idx;
    const mo = D.moments.at(phase, idx);
    st.motion.clear();
    st.hover.forEach((h) => h.clear());
    if (phaseChanged) {
      for (const [name, svg] of Object.entries(st.svgs)) svg.classList.toggle("hidden", name !== phase);
      for (const [name, alt] of Object.entries(st.alts)) alt.show(name === phase);
      st.controls.setPhase(D, phase);
    }
    const scene = st.scenes[phase];
    scene.current = mo;
    scene.render(mo);
    st.root.setAttribute("data-moment", D.moments.format(mo)); // the picture has changed: say so at once
    const heading = st.words.render(mo);
    st.controls.render(D, mo, idx, this.playing);
    st.info.textContent = scene.info(mo);
    st.alts[phase].update(mo);
    const fact = scene.fact(mo);
    st.live.textContent = fact ? `${heading}: ${fact}.` : `${heading}.`; // one sentence per step
    if (opts.animate) {
      st.motion.layer = st.motionLayers[phase];
      st.motion.fly(scene.flights(mo));
      st.motion.slide(scene.moves(mo));
      st.motion.pop(scene.pops(mo));
    }
    if (!opts.quiet) st.sync(D.moments.format(mo));
    st.hint.follow(phase === "forward" && idx === 0);
    if (!opts.quiet && !opts.auto) st.hint.done(); // the user has stepped: the first visit's hint has done its job
  }

  step(dir) {
    const D = this.D;
    const m = D.moments;
    if (this.sameStep) {
      const j = m.sameStep(this.phase, this.idx, dir);
      if (j !== null) return this.go(this.phase, j, { animate: dir > 0 }), true;
      if (m.perWindow(this.phase, this.moment().step)) return false; // the last window of this step
    }
    const j = this.idx + dir;
    if (j >= 0 && j < m.length[this.phase]) return this.go(this.phase, j, { animate: dir > 0 }), true;
    if (dir > 0 && this.phase === "forward") return this.go("backward", 0, { animate: false }), true;
    if (dir < 0 && this.phase === "backward") return this.go("forward", m.length.forward - 1), true;
    return false;
  }

  next() {
    this.stop();
    this.step(1);
  }

  back() {
    this.stop();
    this.step(-1);
  }

  first() {
    this.stop();
    this.go(this.phase, 0);
  }

  last() {
    this.stop();
    this.go(this.phase, this.D.moments.length[this.phase] - 1);
  }

  nextSpec() {
    this.stop();
    this.go(this.phase, this.D.moments.nextSpecStep(this.phase, this.idx), { animate: true });
  }

  setPhase(phase) {
    this.stop();
    if (phase !== this.phase) this.go(phase, 0);
  }

  jumpTo(row, col) {
    const D = this.D;
    const k = clamp(row | 0, 0, D.d.oh - 1) * D.d.ow + clamp(col | 0, 0, D.d.ow - 1);
    this.jumpWindow(k);
  }

  /** Go to window k, keeping the spec step when it is a per-window step. */
  jumpWindow(k) {
    this.stop();
    const m = this.D.moments;
    const here = this.moment().step;
    const step = m.perWindow(this.phase, here) ? here : this.phase === "forward" ? "4" : "4hw";
    this.go(this.phase, m.index(this.phase, step, k));
  }

  setSpeed(speed) {
    this.speed = speed;
    this.stage.motion.duration = Math.min(420, 800 / speed);
    if (this.playing) this.schedule();
  }

  setSameStep(on) {
    this.sameStep = on;
  }

  togglePlay() {
    if (this.playing) this.stop();
    else this.play();
  }

  play() {
    this.playing = true;
    // at the very end of the pass, Play starts it over
    const m = this.D.moments;
    if (this.idx === m.length[this.phase] - 1) this.go(this.phase, 0);
    this.stage.controls.render(this.D, this.moment(), this.idx, true);
    this.schedule();
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (!this.playing) return;
      const m = this.D.moments;
      const atEnd = this.sameStep
        ? m.sameStep(this.phase, this.idx, 1) === null && m.perWindow(this.phase, this.moment().step)
        : this.idx >= m.length[this.phase] - 1;
      if (atEnd || !this.step(1)) return this.stop();
      this.schedule();
    }, 1000 / this.speed);
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = null;
    if (!this.playing) return;
    this.playing = false;
    if (this.D) this.stage.controls.render(this.D, this.moment(), this.idx, false);
  }
}
