// The printable receipt (print.html): the receipt (and the notice, for its
// exact texts) come in the address's fragment as base64url, so that nothing
// reaches a server; the receipt core compiled to wasm checks them again,
// and the page lays out what a paper copy must carry: the controller, the
// date, every purpose with its exact texts and each decision, the signers
// with their key fingerprints, the digest and a QR code of the digest, and,
// with the receipt's proof from the controller's public log (checked here
// against the notice's log keys), its place in that log.
import { element, jointFacts } from "./family.js";
import init, { qr_svg as qrSvg, verify, verify_log_proof as verifyLogProof } from "./limpide-verify.js";

const WORDS = {
  fr: {
    title: "Reçu de consentement",
    controller: "Responsable",
    issued: "Signé le",
    notice: "Notice",
    purposes: "Les choix, finalité par finalité",
    data: "Données utilisées",
    recipients: "Destinataires",
    retention: "Durée de conservation",
    withdrawal: "Retirer son accord",
    own: "Réponse",
    granted: "oui",
    refused: "non",
    signers: "Signataires",
    subject: "l'élève (la personne concernée)",
    guardian: "un parent ou tuteur",
    controllerRole: "le responsable",
    digest: "Empreinte du reçu (SHA-256)",
    qr: "Code QR de l'empreinte : scannez-le, ou tapez l'empreinte dans la page de vérification avec le fichier du reçu.",
    noTexts: "Sans la notice, les textes ne peuvent pas être imprimés : seuls les identifiants des finalités figurent ici.",
    invalid: "Ce reçu n'est pas valide : il n'est pas imprimé.",
    missing: "Aucun reçu n'a été donné à imprimer.",
    print: "Imprimer ou enregistrer en PDF",
    log: "Registre public du responsable",
    logged: (index, origin) => `Inscrit à la position ${index} du registre ${origin}.`,
    checkpoint: (size, digest) => `État signé du registre : ${size} inscriptions, empreinte ${digest}.`,
    logBroken: (why) => `La preuve d'inscription ne tient pas : ${why}.`,
    channels: { sms: "par SMS", email: "par e-mail", post: "par courrier", phone: "par téléphone", push: "par notification" },
  },
  en: {
    title: "Consent receipt",
    controller: "Controller",
    issued: "Signed on",
    notice: "Notice",
    purposes: "The choices, purpose by purpose",
    data: "Data used",
    recipients: "Recipients",
    retention: "Kept for",
    withdrawal: "Withdrawing consent",
    own: "Answer",
    granted: "yes",
    refused: "no",
    signers: "Signers",
    subject: "the pupil (the person concerned)",
    guardian: "a parent or guardian",
    controllerRole: "the controller",
    digest: "Receipt digest (SHA-256)",
    qr: "QR code of the digest: scan it, or type the digest into the verify page with the receipt's file.",
    noTexts: "Without the notice its texts cannot be printed: only the purposes' ids are here.",
    invalid: "This receipt is not valid: it is not printed.",
    missing: "No receipt was given to print.",
    print: "Print or save as PDF",
    log: "The controller's public log",
    logged: (index, origin) => `Recorded at index ${index} of the log ${origin}.`,
    checkpoint: (size, digest) => `The log's signed state: ${size} entries, digest ${digest}.`,
    logBroken: (why) => `The proof of being in the log does not hold: ${why}.`,
    channels: { sms: "by text message", email: "by e-mail", post: "by post", phone: "by phone", push: "by app notification" },
  },
};

/** UTF-8 text from base64url. */
function fromBase64url(text) {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}


function purposeBlock(purpose, words) {
  const block = element("section", undefined, { class: "purpose", "data-purpose": purpose.id });
  const texts = purpose.texts;
  block.append(element("h3", texts ? texts.title : purpose.id));
  if (texts) {
    block.append(element("p", texts.description));
    const facts = element("dl");
    facts.append(element("dt", words.data), element("dd", texts.data.join(" ; ")));
    facts.append(element("dt", words.recipients), element("dd", texts.recipients.join(" ; ")));
    facts.append(element("dt", words.retention), element("dd", texts.retention));
    block.append(facts);
  }
  const list = element("ul");
  for (const { channel, decision } of purpose.decisions) {
    const item = element("li", `${channel ? words.channels[channel] ?? channel : words.own} : `);
    item.append(element("span", words[decision], { class: "decision", "data-decision": decision }));
    list.append(item);
  }
  block.append(list);
  return block;
}

/** The receipt's place in the controller's public log, as its proof (checked here) says. */
function logBlock(receipt, notice, proof, words) {
  const said = JSON.parse(verifyLogProof(receipt, notice, proof));
  if (!said.valid) return [element("h2", words.log), element("p", words.logBroken(said.problems[0].message), { class: "warning", "data-log": "broken" })];
  return [
    element("h2", words.log),
    element("p", words.logged(said.index, said.origin), { "data-log": "logged", "data-log-index": String(said.index) }),
    element("p", words.checkpoint(said.size, said.checkpoint_digest), { class: "digest", "data-checkpoint": said.checkpoint_digest }),
  ];
}

// The receipt and the notice arrive in the address's fragment. Once read,
// the fragment is cleared from the address (history.replaceState), so that
// the receipt is not kept in the browser's history; this tab's
// sessionStorage keeps them instead (per tab, gone with the tab), so that a
// reload still shows them.
const KEPT = "limpide-print";

/** The fragment's parameters, taken out of the address. */
function takeFragment() {
  let text = location.hash.slice(1);
  try {
    if (text) sessionStorage.setItem(KEPT, text);
    else text = sessionStorage.getItem(KEPT) ?? "";
  } catch {
    // Storage blocked: this load shows the receipt, a reload will not.
  }
  if (location.hash) history.replaceState(history.state, "", location.pathname + location.search);
  return new URLSearchParams(text);
}

async function render() {
  const params = takeFragment();
  const sheet = document.getElementById("sheet");
  const receipt = params.get("receipt");
  const notice = params.get("notice");
  const proof = params.get("proof");
  await init({ module_or_path: new URL("limpide-verify_bg.wasm", import.meta.url) });
  if (!receipt) {
    sheet.replaceChildren(element("p", WORDS.fr.missing, { class: "warning" }));
    return;
  }
  const report = JSON.parse(verify(fromBase64url(receipt), notice ? fromBase64url(notice) : undefined));
  const language = report.details?.language === "en" ? "en" : "fr";
  const words = WORDS[language];
  document.documentElement.lang = language;
  if (!report.verdict?.valid) {
    sheet.replaceChildren(element("p", words.invalid, { class: "warning" }));
    return;
  }
  const { details, verdict } = report;
  document.title = `${words.title} — ${details.controller}`;
  const qr = element("div", undefined, { class: "qr", role: "img", "aria-label": words.qr });
  const svg = new DOMParser().parseFromString(qrSvg(verdict.digest), "image/svg+xml").documentElement;
  qr.append(document.importNode(svg, true));
  const facts = element("dl");
  facts.append(element("dt", words.controller), element("dd", details.controller));
  facts.append(element("dt", words.issued), element("dd", `${details.issued_at} (UTC)`));
  facts.append(element("dt", words.notice), element("dd", `${details.notice_id}, version ${details.notice_version}`));
  for (const [label, text] of jointFacts(details, details.language)) facts.append(element("dt", label), element("dd", text));
  const parts = [qr, element("h1", words.title), facts];
  if (!notice) parts.push(element("p", words.noTexts, { class: "warning" }));
  parts.push(element("h2", words.purposes), ...details.purposes.map((p) => purposeBlock(p, words)));
  if (details.purposes[0]?.texts?.withdrawal) {
    parts.push(element("h3", words.withdrawal), element("p", details.purposes[0].texts.withdrawal));
  }
  parts.push(element("h2", words.signers));
  const signers = element("ul");
  for (const { role, kid } of verdict.signers) {
    const who = role === "controller" ? words.controllerRole : words[role];
    const item = element("li", `${who} — `);
    item.append(element("span", kid, { class: "kid" }));
    signers.append(item);
  }
  parts.push(signers, element("h2", words.digest), element("p", verdict.digest, { class: "digest", "data-digest": "" }), element("p", words.qr));
  if (proof && notice) parts.push(...logBlock(fromBase64url(receipt), fromBase64url(notice), fromBase64url(proof), words));
  sheet.replaceChildren(...parts);
  const button = document.getElementById("print-button");
  button.textContent = words.print;
  button.hidden = false;
  button.addEventListener("click", () => window.print());
  document.body.dataset.ready = "";
}

render();
