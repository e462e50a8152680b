// The demo page: mounts the consent form with the example notice. A module
// file, not an inline script, so that the page runs under a strict CSP.
import { holdEarlyChoices } from "./limpide-element.js";

const host = document.getElementById("limpide-demo");
// The build pre-renders the form into the host (a declarative shadow
// root): a press before the widget has arrived waits for it.
holdEarlyChoices(host);
const { mount } = await import("./limpide.js");
// Either way the widget shows something (the form, or a short message),
// so the loading note goes.
const loaded = () => document.getElementById("limpide-pending")?.remove();
// `cargo xtask serve` runs the controller's receipt service beside the demo
// and names it on the host with the demo pupil's id and a credential made
// for this load: the widget then sends each receipt there, as that pupil,
// and keeps the countersigned copy. The credential is taken off the page
// once read: the widget keeps it in memory only.
// The families' pages (My consents, the printable receipt) are next to the demo.
const options = { pages: "./" };
if (host.dataset.endpoint) options.endpoint = host.dataset.endpoint;
if (host.dataset.subject) options.subject = host.dataset.subject;
if (host.dataset.credential) options.credential = host.dataset.credential;
delete host.dataset.credential;
mount(host, "notices/pass-region.json", options).then(loaded, (error) => {
  loaded();
  console.error("Limpide:", error.message);
});
