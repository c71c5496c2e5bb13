// swipe.js — a horizontal swipe across the picture on a touch screen steps: to the left is Next, to the right Back.
// The picture has `touch-action: pan-y` (stage.css): the browser still scrolls the page on a vertical swipe (and
// then cancels the pointer, so nothing steps); a horizontal one comes here. A tap moves too little to count, so a
// tap on a cell stays a click.

const SWIPE_MIN_PX = 40; // shorter than this is a tap or a wobble
const SWIPE_SLOPE = 1.5; // |dx| must beat |dy| by this much: a diagonal scroll is not a step

/** Listen for touch swipes on `el`; `step(+1 | -1)` is called once per swipe. Returns the function that stops. */
function attachSwipe(el, step) {
  let start = null; // {id, x, y} of the touch that began on el
  let swiped = 0; // time of the last swipe: the click a browser may still send after it is not a tap
  const down = (e) => {
    if (e.pointerType === "touch" && e.isPrimary) start = { id: e.pointerId, x: e.clientX, y: e.clientY };
  };
  const up = (e) => {
    if (!start || e.pointerId !== start.id) return;
    const dx = e.clientX - start.x;
    const dy = e.clientY - start.y;
    start = null;
    if (Math.abs(dx) < SWIPE_MIN_PX || Math.abs(dx) < SWIPE_SLOPE * Math.abs(dy)) return;
    swiped = performance.now();
    step(dx < 0 ? 1 : -1);
  };
  const cancel = () => {
    start = null;
  };
  const click = (e) => {
    if (performance.now() - swiped < 400) {
      e.stopPropagation();
      e.preventDefault();
    }
  };
  const listeners = [["pointerdown", down], ["pointerup", up], ["pointercancel", cancel], ["click", click, true]];
  for (const [type, fn, capture] of listeners) el.addEventListener(type, fn, Boolean(capture));
  return () => {
    for (const [type, fn, capture] of listeners) el.removeEventListener(type, fn, Boolean(capture));
  };
}
