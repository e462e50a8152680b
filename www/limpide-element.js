// <limpide-consent notice="notices/pass-region.json" lang="fr" subject="…" endpoint="…">:
// the consent form as a custom element, for any page, with no build step.
// It renders into its own open shadow root through `mount()` (limpide.js),
// and re-renders when its attributes change. Events `limpide:receipt` and
// `limpide:error` are dispatched on the element, bubbling and composed.
//
// A page may pre-render the form inside the element (`limpide render`: a
// declarative shadow root), so that the pupil reads and ticks before the
// wasm has arrived. This file is small and runs first: it holds a button
// pressed meanwhile (`holdEarlyChoices`), then loads the widget, which
// takes the form over and honours that press.

/** The widget module, loaded once, when first needed: importing it waits
 * for its wasm, which must not delay holding early presses. */
let widget = null;
const loadWidget = () => (widget ??= import("./limpide.js"));

// The contract with the widget (src/prerender/early.rs).
const PRERENDERED = "[data-limpide-digest]";
const LIVE = "data-limpide-live";
const EARLY_ACTION = "data-limpide-early";
const HELD_ACTIONS = ["submit", "refuse-all", "accept-all"];

/**
 * Holds what the pupil does in a pre-rendered form inside `host` before
 * the widget has taken it over: the first press on save, refuse-all or
 * accept-all is recorded on the form, shown as waiting (the form is
 * disabled and says so), and honoured by the widget when it arrives, with
 * the boxes as ticked. Does nothing without a pre-rendered form. The
 * custom element calls it itself; a page that calls `mount()` on its own
 * host calls it first.
 */
export function holdEarlyChoices(host) {
  const container = host.shadowRoot?.querySelector(PRERENDERED);
  const form = container?.querySelector("form");
  if (!form || form.hasAttribute("data-limpide-held")) return;
  form.setAttribute("data-limpide-held", "");
  const hold = (event, action) => {
    if (container.hasAttribute(LIVE)) return; // the widget has it now
    event.preventDefault();
    if (form.hasAttribute(EARLY_ACTION)) return; // the first press counts
    form.setAttribute(EARLY_ACTION, action);
    form.setAttribute("aria-busy", "true");
    const waiting = form.querySelector(".limpide-waiting");
    if (waiting) waiting.hidden = false;
    // What is saved is what the pupil sees: nothing changes meanwhile.
    for (const control of form.querySelectorAll("input, button")) control.disabled = true;
  };
  // Pre-rendered disabled (a press before this script could do nothing):
  // from now on a press is held.
  for (const button of form.querySelectorAll("button[data-action]")) {
    if (HELD_ACTIONS.includes(button.dataset.action)) button.disabled = false;
  }
  form.addEventListener("submit", (event) => hold(event, "submit"));
  form.addEventListener("click", (event) => {
    const button = event.target.closest?.("button[data-action]");
    const action = button?.dataset.action;
    if (button?.type === "button" && HELD_ACTIONS.includes(action)) hold(event, action);
  });
}

class LimpideConsent extends HTMLElement {
  static observedAttributes = ["notice", "lang", "subject", "credential", "enrollment-code", "endpoint", "pages"];

  #handle = null;
  // Each render gets a number; a slower, older mount never wins over a newer one.
  #generation = 0;
  #connected = false;
  #renderQueued = false;

  connectedCallback() {
    this.#connected = true;
    this.#queueRender();
  }

  disconnectedCallback() {
    this.#connected = false;
    this.#generation += 1;
    this.#release();
    // A mount that failed left its message (it has no handle): clear it too.
    this.shadowRoot?.replaceChildren();
  }

  attributeChangedCallback(_name, before, after) {
    // Before connectedCallback (an upgrade calls this once per attribute),
    // connecting renders; afterwards, one render for the changes of a task.
    if (this.#connected && before !== after) this.#queueRender();
  }

  /** One render after every attribute set in the same task: a page that
   * changes notice and lang together fetches the notice once. */
  #queueRender() {
    if (this.#renderQueued) return;
    this.#renderQueued = true;
    queueMicrotask(() => {
      this.#renderQueued = false;
      if (this.#connected) this.#render();
    });
  }

  /** Promise of every receipt stored for this notice, oldest first. */
  receipts() {
    return this.#handle ? this.#handle.receipts() : Promise.resolve([]);
  }

  /** Promise of the latest stored receipt, or null. */
  latest() {
    return this.#handle ? this.#handle.latest() : Promise.resolve(null);
  }

  /** Shows the form again and moves focus to it. */
  open() {
    this.#handle?.open();
  }

  #release() {
    const handle = this.#handle;
    this.#handle = null;
    handle?.destroy();
  }

  async #render() {
    const generation = ++this.#generation;
    this.#release();
    holdEarlyChoices(this);
    const options = {};
    // The credential and the code are handed to the widget, which keeps
    // them in memory only and sends them only as request headers.
    for (const [name, option] of [["lang"], ["subject"], ["credential"], ["enrollment-code", "enrollmentCode"], ["endpoint"], ["pages"]]) {
      const value = this.getAttribute(name);
      if (value) options[option ?? name] = value;
    }
    let mount;
    try {
      ({ mount } = await loadWidget());
    } catch (error) {
      // limpide.js or its wasm did not load (offline, blocked, altered):
      // nothing can be signed, and the embedder is told.
      const detail = { code: "mount-failed", message: `the widget could not be loaded: ${error}` };
      this.dispatchEvent(new CustomEvent("limpide:error", { detail, bubbles: true, composed: true }));
      return;
    }
    if (generation !== this.#generation) return;
    try {
      // A missing attribute is passed on: mount() refuses it with a
      // limpide:error the embedder sees, like any other bad notice.
      const handle = await mount(this, this.getAttribute("notice") ?? "", options);
      if (generation === this.#generation) this.#handle = handle;
      else handle.destroy();
    } catch {
      // Already reported: limpide:error on this element, and the pupil sees
      // a short message instead of a form.
    }
  }
}

if (!customElements.get("limpide-consent")) {
  customElements.define("limpide-consent", LimpideConsent);
}
