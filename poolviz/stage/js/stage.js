// stage.js — mounts the stage: parses the payload once, measures the room it has, lays out and draws both passes,
// and hands the moment to the timeline. Streamlit may call the component again on the same element with new data
// (and keeps only the last cleanup), so there is one stage per element, updated in place.

const LOOKS = {
  normal: { minFont: 14, maxFont: 30, titleFont: 15, badgeFont: 12, maxCell: 72, gapX: 18, gapY: 10 },
  present: { minFont: 22, maxFont: 46, titleFont: 20, badgeFont: 16, maxCell: 112, gapX: 24, gapY: 12 },
};
const WIDE = 1000; // px of stage: the words go beside the picture
const PHONE = 640; // below: the words go under the picture, past the first screen...
const TALL = 900; // ...unless the screen is this tall (a tablet beside an open sidebar): then they fit below it
const NARROWEST_MEDIUM = 440;
const STAGES = new WeakMap();

/** Distance from the top of the page (all scrolled ancestors counted) to the top of el. */
function pageTop(el) {
  let top = el.getBoundingClientRect().top;
  let node = el;
  while (node) {
    if (node.scrollTop) top += node.scrollTop;
    node = node.parentNode || node.host;
  }
  return top + (document.scrollingElement ? 0 : window.scrollY);
}

function createStage(host) {
  const root = host.querySelector(".pv-stage");
  const stage = {
    root,
    D: null,
    payload: null,
    present: false,
    scenes: {},
    svgs: {},
    alts: {},
    hover: [],
    live: root.querySelector(".pv-live"),
    info: root.querySelector(".pv-info"),
    motion: null,
    sync: () => {},
  };
  const T = new Timeline(stage);
  stage.timeline = T;
  stage.controls = new Controls(root, T);
  stage.hint = new Hint(root);
  const unswipe = attachSwipe(root.querySelector(".pv-picture"), (dir) => (dir > 0 ? T.next() : T.back()));
  let setState = null;

  const sync = debounce(() => {
    if (setState && stage.pending && stage.pending !== stage.sent) {
      stage.sent = stage.pending;
      setState("moment", stage.pending);
    }
  }, 400, 2000);
  stage.sync = (moment) => {
    stage.pending = moment;
    sync();
  };

  function measureAndDraw() {
    const D = stage.D;
    if (!D) return;
    const width = root.clientWidth || host.host?.clientWidth || 800;
    const avail = Math.max(380, window.innerHeight - pageTop(root) - 8);
    const tall = width >= NARROWEST_MEDIUM && avail >= TALL;
    const mode = width >= WIDE ? "wide" : width >= PHONE || tall ? "medium" : "phone";
    const look = LOOKS[stage.present && mode !== "phone" ? "present" : "normal"]; // a phone has no room for it
    root.classList.toggle("present", stage.present);
    for (const m of ["wide", "medium", "phone"]) root.classList.toggle(m, m === mode);
    root.style.setProperty("--stage-h", `${avail}px`);
    stage.controls.fitInput(D);
    drawnFor = roomKey();
    root.dataset.draws = String(Number(root.dataset.draws || 0) + 1); // tests wait for the layout to settle
    // the room left for the picture, once the heading, controls and words have taken theirs
    const picture = root.querySelector(".pv-picture");
    if (mode === "phone") {
      const used = root.querySelector(".pv-head").offsetHeight + root.querySelector(".pv-controls").offsetHeight;
      picture.style.height = `${Math.max(260, avail - used - 24)}px`;
    } else picture.style.height = "";
    const svgs = root.querySelector(".pv-svgs");
    svgs.replaceChildren();
    const box = svgs.getBoundingClientRect();
    const W = Math.max(200, Math.floor(box.width));
    const H = Math.max(160, Math.floor(box.height));
    stage.motionLayers = {};
    stage.hover = [];
    for (const phase of ["forward", "backward"]) {
      const spec = phase === "forward" ? forwardPanels(D) : backwardPanels(D);
      for (const [name, titles] of Object.entries(spec.titles || {})) {
        const longest = titles.reduce((a, b) => (b.length > a.length ? b : a), spec.panels[name].title);
        spec.panels[name] = { ...spec.panels[name], title: longest };
      }
      const opt = { ...look, titleH: Math.round(look.titleFont * 1.7) };
      const lay = layoutPicture(spec.panels, spec.arrangements, W, H, opt);
      const svg = svgEl("svg", { class: `pv-svg ${phase}`, width: W, height: H, viewBox: `0 0 ${W} ${H}`, "aria-hidden": "true" }, svgs);
      svgEl("rect", { class: "bg", x: 0, y: 0, width: W, height: H }, svg);
      const layer = svgEl("g", { class: "panels" }, svg);
      const flights = svgEl("g", { class: "flights" }, svg);
      const build = phase === "forward" ? buildForward : buildBackward;
      // the titles of the layout are the longest; the scene starts from each panel's first title
      const firstTitles = phase === "forward" ? forwardPanels(D) : backwardPanels(D);
      spec.panels = Object.fromEntries(Object.entries(spec.panels).map(([n, p]) => [n, { ...p, title: firstTitles.panels[n].title }]));
      stage.scenes[phase] = build(layer, D, lay, look, spec);
      stage.svgs[phase] = svg;
      stage.motionLayers[phase] = flights;
      stage.hover.push(attachHover(svg, () => stage.scenes[T.phase], (text) => {
        stage.info.textContent = text === null ? stage.scenes[T.phase].info(T.moment()) : text;
      }, (k) => T.jumpWindow(k)));
    }
    stage.motion = stage.motion || new Motion(null);
    const altBox = root.querySelector(".pv-alt");
    altBox.replaceChildren();
    stage.alts = {
      forward: new AltView(altBox, stage.scenes.forward),
      backward: new AltView(altBox, stage.scenes.backward),
    };
    stage.words = new Words(root, D);
  }

  function redraw() {
    measureAndDraw();
    T.go(T.phase, T.idx, { force: true, quiet: true });
  }

  // Redraw when the room changes: the window, or the element's own width (Streamlit may still be laying the
  // page out when the stage first draws). The height follows from the width and the viewport.
  let drawnFor = "";
  const roomKey = () => `${root.clientWidth}x${window.innerHeight}x${Math.round(pageTop(root))}`;
  const onResize = debounce(() => {
    if (stage.D && roomKey() !== drawnFor) redraw();
  }, 120, 500);
  window.addEventListener("resize", onResize);
  const observer = typeof ResizeObserver === "function" ? new ResizeObserver(() => onResize()) : null;
  if (observer) observer.observe(host.host || root);
  // The page around may still move the stage down or up while it loads (a style, a message arriving), which no
  // resize reports: look again a few times during the first seconds.
  let looks = 0;
  const settle = setInterval(() => {
    if (stage.D && roomKey() !== drawnFor) redraw();
    if (++looks >= 15) clearInterval(settle);
  }, 200);

  // data: {payload: JSON text (or object), goto: "PHASE:STEP:K" or null, present}. A goto moves the stage when
  // it is new, unless it only echoes the moment the stage itself last reported (the page passing its place back
  // while the stage may already be further on); a new payload always goes to its goto (or stays, clamped).
  let lastGoto = undefined;
  stage.update = (data, setStateValue) => {
    setState = setStateValue || null;
    stage.data = data;
    const payload = typeof data.payload === "string" ? data.payload : JSON.stringify(data.payload);
    const present = Boolean(data.present);
    let rebuilt = false;
    let fresh = false;
    const theme = resolveTheme(data.theme, root);
    useThemeScales(theme);
    if (theme !== stage.theme) {
      stage.theme = theme;
      root.dataset.theme = theme;
      if (stage.payload && payload === stage.payload) stage.D = prepare(JSON.parse(payload)); // the new scales
      rebuilt = true;
    }
    if (payload !== stage.payload) {
      stage.payload = payload;
      const P = JSON.parse(payload);
      WORDS = P.words || {};
      applyWords(root);
      stage.controls.relabel();
      stage.D = prepare(P);
      rebuilt = fresh = true;
    }
    if (present !== stage.present) {
      stage.present = present;
      rebuilt = true;
    }
    if (!stage.motion) stage.motion = new Motion(null);
    if (rebuilt) measureAndDraw();
    const goto = data.goto ?? null;
    const isNew = goto !== lastGoto;
    lastGoto = goto;
    const target = goto === null ? null : stage.D.moments.parse(goto);
    if (target && (fresh || (isNew && goto !== stage.sent))) {
      T.stop();
      stage.sent = goto; // the page knows it: no need to report it back
      T.go(target.phase, target.idx, { force: true, quiet: true });
    } else if (rebuilt) {
      T.go(T.phase, T.idx, { force: true, quiet: !fresh, auto: true }); // where it was, clamped to a new input (and reported)
    }
  };

  // "auto": the browser (or Streamlit's menu) may switch between light and dark while the stage is open.
  const scheme = typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: dark)") : null;
  let schemeTimer = 0;
  const onScheme = () => {
    clearTimeout(schemeTimer);
    schemeTimer = setTimeout(() => stage.data && stage.update(stage.data, setState), 150); // after Streamlit's
  };
  if (scheme) scheme.addEventListener("change", onScheme);

  stage.destroy = () => {
    if (scheme) scheme.removeEventListener("change", onScheme);
    clearTimeout(schemeTimer);
    T.stop();
    sync.cancel();
    onResize.cancel();
    window.removeEventListener("resize", onResize);
    clearInterval(settle);
    if (observer) observer.disconnect();
    stage.controls.destroy();
    stage.hint.destroy();
    unswipe();
    if (stage.motion) stage.motion.clear();
    STAGES.delete(host);
  };
  return stage;
}

/** The component's entry: Streamlit's components v2 (or the offline page) calls it with {parentElement, data}. */
function mountStage(component) {
  const { parentElement, data, setStateValue } = component;
  let stage = STAGES.get(parentElement);
  if (!stage) {
    stage = createStage(parentElement);
    STAGES.set(parentElement, stage);
  }
  stage.update(data || {}, setStateValue);
  return stage.destroy;
}
