// The demo page: mounts the consent form with the example notice. A module
// file, not an inline script, so that the page runs under a strict CSP.
import { mount } from "./limpide.js";

const host = document.getElementById("limpide-demo");
mount(host, "notices/pass-region.json").then(
  () => document.getElementById("limpide-pending")?.remove(),
  (error) => console.error("Limpide:", error.message),
);
