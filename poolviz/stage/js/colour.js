// colour.js — colour scales (colour-blind safe, as the figures use) and a text colour chosen per cell for contrast.

// The scales and fills of the theme in use (THEMES comes from poolviz/themes.py, joined before this file):
// values (X, blocks, Z), picture (grey, bright = light), gradient (orange < 0 < purple), mask (orange = routes).
let SCALES = THEMES.light.scales;
let NAN_FILL = THEMES.light.nan;
let BLANK_FILL = THEMES.light.blank;

/** Use theme `name`'s scales for the scales made from now on. */
function useThemeScales(name) {
  const theme = THEMES[name] || THEMES.light;
  SCALES = theme.scales;
  NAN_FILL = theme.nan;
  BLANK_FILL = theme.blank;
}

/** The theme to draw in: the one asked for, or ("auto") the light or dark one the page around shows. */
function resolveTheme(asked, el) {
  if (THEMES[asked]) return asked;
  // Streamlit gives a component its theme's colours as CSS variables; the offline page has none: the browser's
  const bg = el ? getComputedStyle(el).getPropertyValue("--st-background-color").trim() : "";
  if (bg) return cssLuminance(el, bg) < 0.4 ? "dark" : "light";
  const dark = typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches;
  return dark ? "dark" : "light";
}

/** The relative luminance of any CSS colour, as the browser reads it. */
function cssLuminance(el, colour) {
  const probe = document.createElement("span");
  probe.style.color = colour;
  probe.style.display = "none";
  el.appendChild(probe);
  const rgb = (getComputedStyle(probe).color.match(/[\d.]+/g) || ["255", "255", "255"]).slice(0, 3).map(Number);
  probe.remove();
  return luminance(rgbHex(rgb));
}

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
