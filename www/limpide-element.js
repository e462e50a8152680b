// <limpide-consent notice="notices/pass-region.json" lang="fr" subject="…" endpoint="…">:
// the consent form as a custom element, for any page, with no build step.
// It renders into its own open shadow root through `mount()` (limpide.js),
// and re-renders when its attributes change. Events `limpide:receipt` and
// `limpide:error` are dispatched on the element, bubbling and composed.
import { mount } from "./limpide.js";

class LimpideConsent extends HTMLElement {
  static observedAttributes = ["notice", "lang", "subject", "endpoint"];

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
    const options = {};
    for (const name of ["lang", "subject", "endpoint"]) {
      const value = this.getAttribute(name);
      if (value) options[name] = value;
    }
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
