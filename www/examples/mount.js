// The ES module API: mount(), the handle, and the two events.
import { mount } from "../limpide.js";

const host = document.getElementById("consent");
const log = (text) => {
  const item = document.createElement("li");
  item.textContent = text;
  document.getElementById("log").append(item);
};

// The payload is base64url of UTF-8 JSON (docs/receipt-format.md).
const decodePayload = (receipt) => {
  const binary = atob(receipt.payload.replace(/-/g, "+").replace(/_/g, "/"));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
};

host.addEventListener("limpide:receipt", (event) => {
  log(`limpide:receipt ${decodePayload(event.detail.receipt).receipt_id}`);
});
host.addEventListener("limpide:error", (event) => log(`limpide:error ${event.detail.code}`));

const handle = await mount(host, "../notices/pass-region.json", { lang: "en" });
log(`mounted; ${(await handle.receipts()).length} receipt(s) on this device`);
