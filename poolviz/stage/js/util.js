// util.js — small DOM and number helpers shared by every other file. No pooling here, no state.

const SVG_NS = "http://www.w3.org/2000/svg";

/** An SVG element with attributes. */
function svgEl(tag, attrs, parent) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

/** An HTML element with attributes and optional text. */
function htmlEl(tag, attrs, parent, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  if (parent) parent.appendChild(node);
  return node;
}

function clamp(x, lo, hi) {
  return Math.min(Math.max(x, lo), hi);
}

/** How a value sent by Python is written: null is NaN, strings (∞) as they are; the number is already rounded. */
function cellText(v) {
  if (v === null) return "NaN";
  return typeof v === "string" ? v : String(v);
}

/** The stage's words in the page's language, sent by Python in the payload (poolviz/stage/words.py). */
let WORDS = {};

/** The words `key` with its {placeholders} filled; `n` (if given) chooses the singular (key_one) or plural form. */
function W(key, values, n) {
  const k = n === undefined ? key : `${key}_${n === 1 ? "one" : "other"}`;
  return fillTemplate(WORDS[k] ?? k, n === undefined ? values || {} : { n, ...(values || {}) });
}

/** Put the stage's words into its fixed HTML: text of [data-w], aria-label of [data-w-label]. */
function applyWords(root) {
  const nodes = [root, ...root.querySelectorAll("[data-w], [data-w-label]")];
  for (const node of nodes) {
    if (node.dataset.w && WORDS[node.dataset.w] !== undefined) node.textContent = WORDS[node.dataset.w];
    if (node.dataset.wLabel && WORDS[node.dataset.wLabel] !== undefined) node.setAttribute("aria-label", WORDS[node.dataset.wLabel]);
  }
}

/** Fill {name} placeholders from `values`; an unknown name is left as it is. */
function fillTemplate(template, values) {
  return template.replace(/\{(\w+)\}/g, (all, name) => (name in values ? String(values[name]) : all));
}

/** A trailing debounce with a longest wait, so a long autoplay still syncs now and then. */
function debounce(fn, waitMs, maxWaitMs) {
  let timer = null;
  let first = 0;
  const run = () => {
    timer = null;
    first = 0;
    fn();
  };
  const call = () => {
    const now = performance.now();
    if (!first) first = now;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, now - first >= maxWaitMs ? 0 : waitMs);
  };
  call.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    first = 0;
  };
  return call;
}

/** Whether the user asked the system for less motion. */
function reducedMotion() {
  return typeof matchMedia === "function" && matchMedia("(prefers-reduced-motion: reduce)").matches;
}

/** A fact as a sentence: a capital first letter, unless it starts with a name such as dX or dA[1, 2]. */
function sentence(fact) {
  const name = /^[a-z][A-Z_\[]/.test(fact);
  return (name ? fact : fact.charAt(0).toUpperCase() + fact.slice(1)) + ".";
}
