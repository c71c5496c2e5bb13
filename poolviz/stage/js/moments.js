// moments.js — the walkthrough's order of moments, as poolviz.trace.moments defines it, by index arithmetic.
// Forward: (1), (2) × each window, (3), (4) × each window. Backward: (1), (2), (3), then per window (4hw)…(9hw).
// A moment is written "PHASE:STEP:K" (k = 0-based window index, 0 for steps that are not per window).

const PHASE_STEPS = {
  forward: ["1", "2", "3", "4"],
  backward: ["1", "2", "3", "4hw", "5hw", "6hw", "7hw", "8hw", "9hw"],
};
const LOOP_STEPS = PHASE_STEPS.backward.slice(3);

function makeMoments(nWindows) {
  const n = nWindows;
  const length = { forward: 2 * n + 2, backward: 3 + LOOP_STEPS.length * n };

  /** {phase, step, k} of position idx in the phase. */
  function at(phase, idx) {
    idx = clamp(idx, 0, length[phase] - 1);
    if (phase === "forward") {
      if (idx === 0) return { phase, step: "1", k: 0 };
      if (idx <= n) return { phase, step: "2", k: idx - 1 };
      if (idx === n + 1) return { phase, step: "3", k: 0 };
      return { phase, step: "4", k: idx - n - 2 };
    }
    if (idx < 3) return { phase, step: PHASE_STEPS.backward[idx], k: 0 };
    const j = idx - 3;
    return { phase, step: LOOP_STEPS[j % LOOP_STEPS.length], k: Math.floor(j / LOOP_STEPS.length) };
  }

  /** Position of (step, k) in the phase; k is clamped into range. */
  function index(phase, step, k) {
    k = clamp(k | 0, 0, n - 1);
    if (phase === "forward") {
      return { 1: 0, 2: 1 + k, 3: n + 1, 4: n + 2 + k }[step] ?? 0;
    }
    const head = PHASE_STEPS.backward.indexOf(step);
    if (head < 0) return 0;
    if (head < 3) return head;
    return 3 + k * LOOP_STEPS.length + (head - 3);
  }

  function perWindow(phase, step) {
    return phase === "forward" ? step === "2" || step === "4" : LOOP_STEPS.includes(step);
  }

  function format(m) {
    return `${m.phase}:${m.step}:${m.k}`;
  }

  /** "PHASE:STEP:K" → {phase, idx}, or null when it is not a moment of this input. */
  function parse(text) {
    const parts = String(text || "").split(":");
    if (parts.length !== 3 || !(parts[0] in PHASE_STEPS) || !PHASE_STEPS[parts[0]].includes(parts[1])) return null;
    const k = Number(parts[2]);
    if (!Number.isInteger(k) || k < 0 || k >= n) return null;
    return { phase: parts[0], idx: index(parts[0], parts[1], perWindow(parts[0], parts[1]) ? k : 0) };
  }

  /** The first position after idx whose spec step differs from idx's (the end of a run of one step). */
  function nextSpecStep(phase, idx) {
    const here = at(phase, idx).step;
    for (let j = idx + 1; j < length[phase]; j++) if (at(phase, j).step !== here) return j;
    return length[phase] - 1;
  }

  /** The same step in the next (dir = 1) or previous (dir = -1) window, or null at the end. */
  function sameStep(phase, idx, dir) {
    const m = at(phase, idx);
    if (!perWindow(phase, m.step)) return null;
    const k = m.k + dir;
    if (k < 0 || k >= n) return null;
    return index(phase, m.step, k);
  }

  return { n, length, at, index, perWindow, format, parse, nextSpecStep, sameStep };
}
