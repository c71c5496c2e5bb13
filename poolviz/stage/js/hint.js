// hint.js — the first visit's hint: "Press → or Next to start", over the info line under the picture (it covers
// that line and takes no room of its own, so nothing moves when it goes). It shows only on the first moment (a link
// to a later step has already started), goes after the first step or when dismissed, and stays gone for the rest of
// the browser session (sessionStorage: a reload does not bring it back).

const HINT_KEY = "poolviz-hint-done";

function hintDone() {
  try {
    return window.sessionStorage.getItem(HINT_KEY) === "1";
  } catch (error) {
    return false; // storage refused (a locked-down browser): the hint shows, and goes after a step as usual
  }
}

class Hint {
  constructor(root) {
    this.root = root;
    this.el = root.querySelector(".pv-hint");
    this.close = root.querySelector(".pv-hint-close");
    this.onClose = () => {
      this.done();
      root.focus(); // the button is gone: keep the keyboard on the stage, where → steps
    };
    this.close.addEventListener("click", this.onClose);
    this.finished = hintDone();
    this.show(!this.finished);
  }

  /** The stage is at a moment: the hint shows only at the very start, until it is done. */
  follow(atStart) {
    this.show(atStart && !this.finished);
  }

  show(on) {
    this.el.hidden = !on;
    this.root.classList.toggle("hinting", on);
  }

  /** The user has stepped or dismissed it: hide it for this browser session. */
  done() {
    if (this.finished) return;
    this.finished = true;
    this.show(false);
    try {
      window.sessionStorage.setItem(HINT_KEY, "1");
    } catch (error) {
      // storage refused: it is hidden on this page all the same
    }
  }

  destroy() {
    this.close.removeEventListener("click", this.onClose);
  }
}
