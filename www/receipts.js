// My consents (receipts.html): every receipt this device keeps, read from
// the widget's IndexedDB on this origin and verified by the receipt core
// compiled to wasm (limpide-verify.js). Per notice: the choices as they
// stand, each box's history, each receipt to download; all of them as one
// file; and an import that verifies before it keeps anything.
import { element, pageLanguage, printAddress, translate } from "./family.js";
import init, { verify, verify_text as verifyText, verify_log_proof as verifyLogProof } from "./limpide-verify.js";

const verifier = init({ module_or_path: new URL("limpide-verify_bg.wasm", import.meta.url) });

const WORDS = {
  fr: {
    "title": "Mes consentements",
    "intro": "Les reçus gardés sur cet appareil, du plus récent au plus ancien. Chaque reçu est vérifié ici, sans serveur.",
    "download-all": "Télécharger tous les reçus (un fichier)",
    "import-legend": "Importer des reçus",
    "import-help": "Par exemple sur un nouveau téléphone : le fichier téléchargé ici, ou un reçu. Chaque reçu est vérifié avant d'être gardé ; ceux déjà gardés sont ignorés.",
    "import-file": "Choisir le fichier",
    "import": "Importer",
    "switch": "English",
    "empty": "Aucun reçu n'est gardé sur cet appareil.",
    "unavailable": "Les reçus de cet appareil ne peuvent pas être lus",
    "notice": (id) => `Notice « ${id} »`,
    "now": "Vos choix aujourd'hui",
    "history": "Historique",
    "receipts": "Les reçus",
    "granted": "oui",
    "refused": "non",
    "given": "accordé",
    "withdrawn": "retiré",
    "refused-first": "refusé",
    "own": "la case",
    "on": "le",
    "valid": "vérifié",
    "invalid": "ne se vérifie pas",
    "acknowledged": "contresigné par le responsable, avec une clé que la notice publie",
    "logged": (index, date) => `Inscrit dans le registre public du responsable, à la position ${index}, le ${date}.`,
    "log-pending": "Pas encore montré dans le registre public du responsable.",
    "log-unchecked": "Sa preuve d'inscription dans le registre public n'a pas pu être vérifiée : la notice gardée n'est pas la version de ce reçu.",
    "log-no-keys": "Le responsable l'a inscrit dans un registre public, mais la notice de ce reçu n'en publie pas la clé : l'inscription ne peut pas être vérifiée.",
    "log-broken": (why) => `La preuve d'inscription dans le registre public ne tient pas : ${why}. C'est aussi grave qu'une signature falsifiée : écrivez au délégué à la protection des données.`,
    "download-proof": "Télécharger la preuve",
    "unchecked": "contresigné par une clé qui se présente comme celle du responsable, sans la notice de cette version pour le vérifier",
    "change": "Changer mes choix",
    "unlisted": "contresigné par une clé que la notice ne publie pas : ce n'est pas celle du responsable",
    "download": "Télécharger",
    "print": "Imprimer",
    "joint": "confirmé avec un parent ou tuteur",
    "chain-broken": "Attention : ces reçus ne forment pas une seule chaîne intacte.",
    "choose-file": "Choisissez d'abord un fichier.",
    "refused-file": (why) => `Fichier refusé, rien n'a été changé : ${why}`,
    "imported": (added, skipped, updated) => `${added} reçu(s) importé(s), ${skipped} déjà gardé(s)${updated ? `, ${updated} complété(s) d'une contresignature` : ""}.`,
    "not-json": "ce n'est ni un reçu ni une liste de reçus",
    "storage-failed": "l'appareil n'a pas pu garder les reçus",
    "channels": { sms: "par SMS", email: "par e-mail", post: "par courrier", phone: "par téléphone", push: "par notification" },
  },
  en: {
    "title": "My consents",
    "intro": "The receipts kept on this device, newest first. Each receipt is verified here, with no server.",
    "download-all": "Download every receipt (one file)",
    "import-legend": "Import receipts",
    "import-help": "On a new phone, say: the file downloaded here, or one receipt. Each receipt is verified before it is kept; those already kept are ignored.",
    "import-file": "Choose the file",
    "import": "Import",
    "switch": "Français",
    "empty": "No receipt is kept on this device.",
    "unavailable": "The receipts on this device cannot be read",
    "notice": (id) => `Notice "${id}"`,
    "now": "Your choices today",
    "history": "History",
    "receipts": "The receipts",
    "granted": "yes",
    "refused": "no",
    "given": "given",
    "withdrawn": "withdrawn",
    "refused-first": "refused",
    "own": "the box",
    "on": "on",
    "valid": "verified",
    "invalid": "does not verify",
    "acknowledged": "countersigned by the controller, with a key the notice publishes",
    "logged": (index, date) => `Recorded in the controller's public log at index ${index}, on ${date}.`,
    "log-pending": "Not yet shown to be in the controller's public log.",
    "log-unchecked": "Its proof of being in the public log could not be checked: the kept notice is not this receipt's version.",
    "log-no-keys": "The controller recorded it in a public log, but this receipt's notice publishes no key for it: the record cannot be checked.",
    "log-broken": (why) => `The proof that it is in the public log does not hold: ${why}. This is as serious as a forged signature: write to the data-protection officer.`,
    "download-proof": "Download the proof",
    "unchecked": "countersigned by a key that presents itself as the controller's, without this version's notice to check it",
    "change": "Change my choices",
    "unlisted": "countersigned by a key the notice does not publish: it is not the controller's",
    "download": "Download",
    "print": "Print",
    "joint": "confirmed with a parent or guardian",
    "chain-broken": "Warning: these receipts do not make one intact chain.",
    "choose-file": "First choose a file.",
    "refused-file": (why) => `File refused, nothing was changed: ${why}`,
    "imported": (added, skipped, updated) => `${added} receipt(s) imported, ${skipped} already kept${updated ? `, ${updated} completed with a countersignature` : ""}.`,
    "not-json": "it is neither a receipt nor a list of receipts",
    "storage-failed": "the device could not keep the receipts",
    "channels": { sms: "by text message", email: "by e-mail", post: "by post", phone: "by phone", push: "by app notification" },
  },
};

const language = pageLanguage();
const words = WORDS[language];
const $ = (id) => document.getElementById(id);



// ---- The widget's storage ----
// The storage contract is the widget's (src/storage/contract.rs, whose test
// holds these constants to it): under each notice id in the receipts' store,
// the JSON text of the list of its receipts, oldest first, the chain's end
// last, and under NOTICE_KEY_PREFIX + id the notice last signed on; writes
// under the Web Lock SIGNING_LOCK_PREFIX + id, then the notice id posted on
// BROADCAST_CHANNEL, so that an open form reads again.
const DATABASE = "limpide";
const DATABASE_VERSION = 2;
const KEYS_STORE = "keys";
const RECEIPTS_STORE = "receipts";
const NOTICE_KEY_PREFIX = "notice:";
// A pupil's request waiting for a guardian: not a receipt, and never counted.
const PENDING_KEY_PREFIX = "pending:";
// Before a receipt id: its place in the controller's public log, and its proof.
const LOG_KEY_PREFIX = "log:";
const SIGNING_LOCK_PREFIX = "limpide:";
const BROADCAST_CHANNEL = "limpide:receipts";

function request(idbRequest) {
  return new Promise((resolve, reject) => {
    idbRequest.onsuccess = () => resolve(idbRequest.result);
    idbRequest.onerror = () => reject(idbRequest.error);
  });
}

function openDatabase() {
  const opening = indexedDB.open(DATABASE, DATABASE_VERSION);
  // As the widget upgrades it: a page that opened first must leave the
  // database as the widget expects it.
  opening.onupgradeneeded = () => {
    for (const store of [KEYS_STORE, RECEIPTS_STORE]) {
      if (!opening.result.objectStoreNames.contains(store)) opening.result.createObjectStore(store);
    }
  };
  return request(opening);
}


/**
 * Every notice id with the text of its kept list, and of its kept notice (or
 * undefined); and each receipt's place in the log ({index, proof}) by its id.
 */
async function keptLists() {
  const db = await openDatabase();
  try {
    const store = db.transaction(RECEIPTS_STORE, "readonly").objectStore(RECEIPTS_STORE);
    const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
    const value = new Map(keys.map((key, i) => [String(key), values[i]]));
    const places = new Map();
    for (const [key, text] of value) {
      if (!key.startsWith(LOG_KEY_PREFIX)) continue;
      try {
        places.set(key.slice(LOG_KEY_PREFIX.length), JSON.parse(text));
      } catch {
        // A place that does not read says nothing: the receipt is "not yet shown".
      }
    }
    const lists = [...value.keys()]
      .filter((key) => ![NOTICE_KEY_PREFIX, PENDING_KEY_PREFIX, LOG_KEY_PREFIX].some((prefix) => key.startsWith(prefix)))
      .map((noticeId) => ({ noticeId, text: value.get(noticeId), notice: value.get(`${NOTICE_KEY_PREFIX}${noticeId}`) }));
    return { lists, places };
  } finally {
    db.close();
  }
}

/** Runs `work` under the widget's lock for the notice, where Web Locks exist. */
function underLock(noticeId, work) {
  return navigator.locks ? navigator.locks.request(`${SIGNING_LOCK_PREFIX}${noticeId}`, work) : work();
}

/** Replaces the kept list of a notice by `receipts` (JWS texts, chain order), then tells the open forms. */
async function keep(noticeId, receipts) {
  const db = await openDatabase();
  try {
    const transaction = db.transaction(RECEIPTS_STORE, "readwrite");
    transaction.objectStore(RECEIPTS_STORE).put(`[${receipts.join(",")}]`, noticeId);
    await new Promise((resolve, reject) => {
      transaction.oncomplete = resolve;
      transaction.onabort = transaction.onerror = () => reject(transaction.error);
    });
  } finally {
    db.close();
  }
  const channel = new BroadcastChannel(BROADCAST_CHANNEL);
  channel.postMessage(noticeId);
  channel.close();
}

// ---- Reading a kept list ----

/** A kept list's receipts with their reports, in chain order (first to latest). */
function readList(text) {
  const report = JSON.parse(verifyText(text));
  const items = JSON.parse(text);
  const reports = report.receipts ?? [report];
  const texts = Array.isArray(items) ? items.map((item) => JSON.stringify(item)) : [text];
  // The chain's order among those that verified, then those that do not,
  // as they were: nothing kept is dropped.
  const chained = report.chain?.order ?? [0];
  const order = [...chained, ...texts.keys()].filter((i, at, all) => all.indexOf(i) === at);
  return {
    holds: report.chain ? report.chain.holds : true,
    receipts: order.map((i) => ({ text: texts[i], report: reports[i] })),
  };
}

/** What each box was decided, receipt after receipt: `{ key: [{ decision, at }] }`. */
function histories(receipts) {
  const boxes = new Map();
  for (const { report } of receipts) {
    if (!report.verdict?.valid) continue;
    for (const purpose of report.details.purposes) {
      for (const { channel, decision } of purpose.decisions) {
        const key = `${purpose.id}\u0000${channel ?? ""}`;
        if (!boxes.has(key)) boxes.set(key, { purpose: purpose.id, channel, steps: [] });
        boxes.get(key).steps.push({ decision, at: report.details.issued_at });
      }
    }
  }
  return [...boxes.values()];
}

/** A step of a box's history in words: given, withdrawn (granted before), refused. */
function stepWords(step, before) {
  if (step.decision === "granted") return words.given;
  return before?.decision === "granted" ? words.withdrawn : words["refused-first"];
}

/**
 * A box as a family reads it: its purpose's title from the kept notice, in
 * the page's language (else the notice's first), and its channel; the id
 * only where the kept notice does not have that purpose.
 */
function boxName(purpose, channel, notice) {
  const found = notice?.purposes?.find((p) => p.id === purpose);
  const title = found?.title?.[language] ?? (found && Object.values(found.title ?? {})[0]) ?? purpose;
  return channel ? `${title} — ${words.channels[channel] ?? channel}` : `${title} — ${words.own}`;
}

/** An RFC 3339 time in local, readable form, in the page's language. */
const timeFormat = new Intl.DateTimeFormat(language, { dateStyle: "long", timeStyle: "short" });
function readableTime(at) {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? at : timeFormat.format(date);
}

function download(name, text) {
  const link = element("a", undefined, { href: URL.createObjectURL(new Blob([text], { type: "application/json" })), download: name });
  document.body.append(link);
  link.click();
  link.remove();
}

/** Whether the controller's countersignature counts: checked with the kept notice when it is the version the receipt names. */
function acknowledgement(text, report, notice) {
  if (!report.verdict.signers.some((s) => s.role === "controller")) return null;
  const version = notice && JSON.parse(notice).version;
  if (version !== report.details.notice_version) return words.unchecked;
  const { verdict } = JSON.parse(verify(text, notice));
  if (verdict?.controller === "listed") return words.acknowledged;
  return verdict?.problems?.some((p) => p.code === "unlisted-controller-key") ? words.unlisted : words.unchecked;
}

/**
 * What the log says of an acknowledged receipt, checked here against the log
 * keys of the kept notice when it is the version the receipt names:
 * {state: "logged" | "pending" | "broken" | "unchecked", text}.
 */
function logStatus(text, report, notice, place) {
  if (!place.proof) return { state: "pending", text: words["log-pending"] };
  const kept = notice && JSON.parse(notice);
  if (kept?.version !== report.details.notice_version) return { state: "unchecked", text: words["log-unchecked"] };
  // A notice that publishes no log key vouches for no log: nothing to check against.
  if (!kept.controller?.log_keys?.length) return { state: "unchecked", text: words["log-no-keys"] };
  const said = JSON.parse(verifyLogProof(text, notice, place.proof));
  if (!said.valid) return { state: "broken", text: words["log-broken"](said.problems[0].message) };
  return { state: "logged", text: words.logged(said.index, readableTime(report.details.issued_at)), said };
}

/** The form again, in place, for this notice: the pupil changes or withdraws a choice, which signs a new chained receipt. */
async function openForm(section, notice) {
  const host = section.querySelector("[data-form-host]") ?? element("div", undefined, { "data-form-host": "" });
  section.append(host);
  const { mount } = await import("./limpide.js");
  host.addEventListener("limpide:receipt", () => refresh());
  await mount(host, JSON.parse(notice), { lang: language });
  focusForm(host);
}

/**
 * The pressed button is now disabled: the keyboard goes on in the form, as
 * the widget itself moves it (the summary's heading, else the first box),
 * once the widget has read what this device keeps.
 */
function focusForm(host, framesLeft = 300) {
  const target = host.shadowRoot?.querySelector('[data-state="summary"] h3[tabindex], [data-state="form"] input[data-purpose]');
  if (target) target.focus();
  else if (framesLeft > 0) requestAnimationFrame(() => focusForm(host, framesLeft - 1));
}

function noticeSection(noticeId, list, notice, places) {
  const section = element("section", undefined, { "data-notice": noticeId });
  section.append(element("h2", words.notice(noticeId)));
  if (notice) {
    const change = element("button", words.change, { type: "button", "data-change": "" });
    change.addEventListener("click", () => {
      change.disabled = true;
      openForm(section, notice);
    });
    section.append(change);
  }
  if (!list.holds) section.append(element("p", words["chain-broken"], { class: "warning" }));
  const boxes = histories(list.receipts);
  const keptNotice = notice ? JSON.parse(notice) : undefined;
  section.append(element("h3", words.now));
  const now = element("ul", undefined, { "data-now": "" });
  for (const box of boxes) {
    const last = box.steps.at(-1);
    now.append(element("li", `${boxName(box.purpose, box.channel, keptNotice)} : ${words[last.decision]}`, { "data-box": `${box.purpose}:${box.channel ?? ""}`, "data-decision": last.decision }));
  }
  section.append(now, element("h3", words.history));
  const history = element("ul", undefined, { "data-history": "" });
  for (const box of boxes) {
    const said = box.steps.map((step, i) => `${stepWords(step, box.steps[i - 1])} ${words.on} ${readableTime(step.at)}`).join(" ; ");
    history.append(element("li", `${boxName(box.purpose, box.channel, keptNotice)} : ${said}`));
  }
  section.append(history, element("h3", words.receipts));
  const receipts = element("ul", undefined, { "data-receipts": "" });
  for (const { text, report } of [...list.receipts].reverse()) {
    const valid = report.verdict?.valid;
    const when = valid ? readableTime(report.details.issued_at) : "?";
    const acknowledged = valid ? acknowledgement(text, report, notice) : null;
    const joint = valid && report.details.guardian ? ` — ${words.joint}` : "";
    const item = element("li", `${when} — ${valid ? words.valid : words.invalid}${joint}${acknowledged ? ` — ${acknowledged}` : ""} `, { "data-valid": String(Boolean(valid)), ...(valid ? { "data-issued-at": report.details.issued_at } : {}) });
    const button = element("button", words.download, { type: "button" });
    button.addEventListener("click", () => download(`receipt-${valid ? report.verdict.receipt_id : "unverified"}.json`, text));
    item.append(button);
    // A receipt the controller acknowledged into its public log (the service
    // said where): said as its proof, checked here, says.
    const place = valid ? places.get(report.verdict.receipt_id) : undefined;
    const log = valid && acknowledged && place ? logStatus(text, report, notice, place) : undefined;
    if (valid) {
      // The kept notice gives the printed copy its texts when it is the version signed.
      const texts = notice && JSON.parse(notice).version === report.details.notice_version ? notice : undefined;
      const proof = log?.state === "logged" ? place.proof : undefined;
      item.append(" ", element("a", words.print, { href: printAddress(text, texts, proof), "data-print": "" }));
    }
    if (log) {
      const line = element("p", log.text, { "data-log": log.state, ...(log.state === "broken" ? { class: "warning", role: "alert" } : {}) });
      if (place?.proof) {
        const save = element("button", words["download-proof"], { type: "button" });
        save.addEventListener("click", () => download(`receipt-${report.verdict.receipt_id}.tlog-proof`, place.proof));
        line.append(" ", save);
      }
      item.append(line);
    }
    receipts.append(item);
  }
  section.append(receipts);
  return section;
}

/** Reads and shows everything kept; returns the lists by notice. */
let kept = [];
let places = new Map();

async function refresh() {
  await verifier;
  const container = $("notices");
  try {
    const { lists, places: logPlaces } = await keptLists();
    places = logPlaces;
    kept = lists.map(({ noticeId, text, notice }) => ({ noticeId, notice, list: readList(text) }));
  } catch (error) {
    container.replaceChildren(element("p", `${words.unavailable} (${error?.message ?? error}).`, { class: "warning" }));
    return;
  }
  $("download-all").disabled = kept.length === 0;
  // A form opened for a change stays where it is while the list refreshes.
  const open = container.querySelector("[data-form-host]");
  container.replaceChildren(...(kept.length ? kept.map(({ noticeId, list, notice }) => noticeSection(noticeId, list, notice, places)) : [element("p", words.empty)]));
  if (open) container.querySelector(`[data-notice="${open.closest("[data-notice]")?.dataset.notice}"]`)?.append(open);
  document.body.dataset.ready = "";
}

function downloadAll() {
  const all = kept.flatMap(({ list }) => list.receipts.map((r) => r.text));
  download("receipts.json", `[${all.join(",")}]`);
}

/** Imports a file: every receipt in it must verify, or nothing is kept. */
async function importFile(event) {
  event.preventDefault();
  const status = $("import-result");
  const file = $("import-file").files[0];
  if (!file) {
    status.textContent = words["choose-file"];
    return;
  }
  await verifier;
  const text = await file.text();
  let report;
  try {
    report = JSON.parse(verifyText(text));
  } catch {
    status.textContent = words["refused-file"](words["not-json"]);
    return;
  }
  const reports = report.receipts ?? [report];
  const bad = reports.find((r) => !r.verdict?.valid);
  if (bad) {
    const why = bad.verdict?.problems?.map((p) => `${p.path || "/"}: ${p.message}`).join(" ; ") ?? words["not-json"];
    status.textContent = words["refused-file"](why);
    status.dataset.outcome = "refused";
    return;
  }
  const parsed = JSON.parse(text);
  const texts = Array.isArray(parsed) ? parsed.map((item) => JSON.stringify(item)) : [text];
  let added = 0;
  let skipped = 0;
  let updated = 0;
  try {
    const byNotice = new Map();
    reports.forEach((r, i) => {
      const id = r.details.notice_id;
      if (!byNotice.has(id)) byNotice.set(id, []);
      byNotice.get(id).push({ text: texts[i], digest: r.verdict.digest, signers: r.verdict.signers });
    });
    for (const [noticeId, incoming] of byNotice) {
      await underLock(noticeId, async () => {
        const current = (await keptLists()).lists.find((k) => k.noticeId === noticeId);
        const existing = current ? readList(current.text).receipts : [];
        // A kept receipt whose payload comes again with more signers (its
        // countersigned copy) is replaced by it: same digest, more proof.
        const signerKeys = (signers) => new Set(signers.map((s) => `${s.role}:${s.kid}`));
        let changedExisting = false;
        for (const kept of existing) {
          if (!kept.report.verdict?.valid) continue;
          const twin = incoming.find((r) => r.digest === kept.report.verdict.digest);
          const before = signerKeys(kept.report.verdict.signers);
          if (twin && twin.signers.length > before.size && [...before].every((k) => signerKeys(twin.signers).has(k))) {
            kept.text = twin.text;
            changedExisting = true;
            updated += 1;
          }
        }
        const digests = new Set(existing.filter((r) => r.report.verdict?.valid).map((r) => r.report.verdict.digest));
        // New digests only, each once (`add` returns the set: truthy).
        const fresh = incoming.filter((r) => !digests.has(r.digest) && digests.add(r.digest));
        skipped += incoming.length - fresh.length;
        added += fresh.length;
        if (!fresh.length && !changedExisting) return;
        // Kept in chain order, so that the form continues from the chain's end.
        const merged = readList(`[${[...existing.map((r) => r.text), ...fresh.map((r) => r.text)].join(",")}]`);
        await keep(noticeId, merged.receipts.map((r) => r.text));
      });
    }
  } catch (error) {
    status.textContent = words["refused-file"](`${words["storage-failed"]} (${error?.message ?? error})`);
    status.dataset.outcome = "failed";
    return;
  }
  // Said once the list shows what was imported.
  await refresh();
  status.textContent = words.imported(added, skipped - updated, updated);
  status.dataset.outcome = "imported";
}

translate(words, language);
$("download-all").addEventListener("click", downloadAll);
$("import-form").addEventListener("submit", importFile);
refresh();
