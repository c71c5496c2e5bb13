// colour.js — colour scales (colour-blind safe, as the figures use) and a text colour chosen per cell for contrast.

const SCALES = {
  // ColorBrewer Blues: X, blocks, Z, Xb, Zb — light (low) to dark (high)
  values: ["#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b"],
  // pictures: grey, bright = light (0 is black, the brightest pixel white)
  picture: ["#000000", "#ffffff"],
  // ColorBrewer PuOr: gradients — orange < 0 < purple, 0 the neutral middle
  gradient: [
    "#7f3b08", "#b35806", "#e08214", "#fdb863", "#fee0b6", "#f7f7f7",
    "#d8daeb", "#b2abd2", "#8073ac", "#542788", "#2d004b",
  ],
  // the mask (and avg's weights): Okabe-Ito orange for the cells that route gradient
  mask: ["#f4f4f4", "#E69F00"],
};
const NAN_FILL = "#d9d9d9";
const BLANK_FILL = "#ffffff";
const INF_TEXT = { "∞": 1, "−∞": 0 };

function hexRgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function rgbHex(rgb) {
  return "#" + rgb.map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");
}

/** A function value → fill colour over [lo, hi] for the named scale. */
function makeScale(name, range) {
  const stops = SCALES[name].map(hexRgb);
  const [lo, hi] = range;
  const span = hi - lo || 1;
  const cache = new Map();
  return (v) => {
    if (v === null) return NAN_FILL;
    if (v === undefined) return BLANK_FILL;
    let t = typeof v === "string" ? INF_TEXT[v] ?? 0.5 : (v - lo) / span;
    t = clamp(t, 0, 1);
    const key = Math.round(t * 1000);
    let hex = cache.get(key);
    if (hex === undefined) {
      const x = (key / 1000) * (stops.length - 1);
      const i = Math.min(Math.floor(x), stops.length - 2);
      const f = x - i;
      hex = rgbHex(stops[i].map((a, j) => a + (stops[i + 1][j] - a) * f));
      cache.set(key, hex);
    }
    return hex;
  };
}

function luminance(hex) {
  const [r, g, b] = hexRgb(hex).map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrastRatio(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

const TEXT_DARK = "#111111";
const TEXT_LIGHT = "#ffffff";
const textColourCache = new Map();

/** Near-black or white, whichever contrasts more with `fill` (WCAG's ratio). */
function textColourOn(fill) {
  let c = textColourCache.get(fill);
  if (c === undefined) {
    c = contrastRatio(fill, TEXT_DARK) >= contrastRatio(fill, TEXT_LIGHT) ? TEXT_DARK : TEXT_LIGHT;
    textColourCache.set(fill, c);
  }
  return c;
}
