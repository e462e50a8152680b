// The demo page: mounts the consent form with the example notice. A module
// file, not an inline script, so that the page runs under a strict CSP.
import { mount } from "./limpide.js";

const host = document.getElementById("limpide-demo");
// Either way the widget shows something (the form, or a short message),
// so the loading note goes.
const loaded = () => document.getElementById("limpide-pending")?.remove();
mount(host, "notices/pass-region.json").then(loaded, (error) => {
  loaded();
  console.error("Limpide:", error.message);
});
