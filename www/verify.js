// The verify page (verify.html): a receipt file, dropped, chosen or
// pasted, and optionally the notice it names, checked offline by the
// receipt core compiled to wasm (limpide-verify.js): the verdict is the one
// `limpide verify --json` gives. This file only reads the inputs and says
// the report in plain words, in French or English.
import { element, jointFacts, pageLanguage, printAddress, translate } from "./family.js";
import init, { compare_notices as compareNotices, verify_all as verifyAll, verify_text as verifyText, verify_log_proof as verifyLogProof } from "./limpide-verify.js";

const verifier = init({ module_or_path: new URL("limpide-verify_bg.wasm", import.meta.url) });

const WORDS = {
  fr: {
    "title": "Vérifier un reçu de consentement",
    "intro": "Donnez le fichier du reçu : cette page dit s'il est intact, qui l'a signé et ce qui a été accepté. Tout se passe sur cet appareil ; rien n'est envoyé.",
    "receipt-legend": "Le reçu",
    "receipt-file": "Choisir le fichier du reçu (ou plusieurs, pour vérifier leur chaîne)",
    "drop": "Ou déposez le fichier ici.",
    "receipt-text": "Ou collez le texte du reçu",
    "notice-legend": "La notice (facultatif)",
    "notice-help": "Avec la notice montrée au moment du choix, la page vérifie aussi que les textes signés sont bien les siens.",
    "notice-file": "Choisir le fichier de la notice",
    "notice-url": "Ou son adresse",
    "check": "Vérifier",
    "proof-legend": "La preuve d'inscription au registre public (facultatif)",
    "proof-help": "Le fichier .tlog-proof gardé avec le reçu. Il se vérifie avec la notice, qui publie les clés du registre.",
    "proof-file": "Choisir le fichier de la preuve",
    "proof-text": "Ou collez son texte",
    "proof-needs": "La preuve d'inscription se vérifie avec un seul reçu et sa notice : donnez la notice.",
    "proof-holds": (index, origin, size, digest) => `Inscrit dans le registre public ${origin}, à la position ${index} (état signé du registre : ${size} inscriptions, empreinte ${digest}).`,
    "proof-broken": (why) => `La preuve d'inscription au registre public ne tient pas : ${why}. C'est aussi grave qu'une signature falsifiée.`,
    "paper-legend": "La copie papier (facultatif)",
    "paper-digest": "L'empreinte imprimée sur le papier, ou lue dans son code QR",
    "paper-match": (which) => `Le papier correspond à ce fichier${which ? ` (${which})` : ""} : l'empreinte imprimée est celle du reçu.`,
    "paper-mismatch": "Le papier ne correspond pas à ce fichier : l'empreinte imprimée n'est celle d'aucun reçu vérifié ici.",
    "switch": "English",
    "no-receipt": "Donnez d'abord un reçu : un fichier, ou son texte collé.",
    "valid": "Ce reçu est intact : chaque signature est valide.",
    "invalid": "Ce reçu n'est pas valide.",
    "why": "Pourquoi :",
    "notice-invalid": "La notice donnée n'est pas valide : le reçu n'a pas été vérifié avec elle.",
    "notice-matches": "Les textes signés sont exactement ceux de cette version de la notice.",
    "notice-unreachable": "La notice n'a pas pu être lue à cette adresse",
    "signers": "Signé par",
    "subject": "l'élève (la personne concernée)",
    "guardian": "un parent ou tuteur",
    "controller-listed": "le responsable, avec une clé que la notice publie",
    "controller-unchecked": "une clé qui se présente comme celle du responsable : sans la notice, rien ne dit que c'est la sienne",
    "issued": "Signé le",
    "notice": "Notice",
    "controller": "Responsable",
    "previous": "Remplace le reçu",
    "agreed": "Ce qui a été décidé",
    "granted": "oui",
    "refused": "non",
    "own": "la case",
    "key": "clé",
    "unreadable": "Ce fichier ne peut pas être lu",
    "all-valid": (n) => `Ces ${n} reçus sont intacts : chaque signature est valide.`,
    "some-invalid": (n) => `Parmi ces ${n} reçus, certains ne sont pas valides.`,
    "receipt-n": (n) => `Reçu ${n}`,
    "chain-holds": "Ils se suivent : chacun remplace le précédent, du premier au dernier.",
    "chain-missing": (n) => `Le reçu ${n} remplace un reçu qui n'est pas ici, ou qui a été modifié.`,
    "chain-fork": (n) => `Le reçu ${n} est remplacé deux fois : la chaîne se divise.`,
    "chain-several": (n) => `Ces reçus forment ${n} chaînes séparées.`,
    "chain": "La chaîne",
    "print": "Imprimer ce reçu ou l'enregistrer en PDF",
    "compare-legend": "Comparer deux versions d'une notice",
    "compare-help": "Pour savoir ce qui a changé depuis la version que l'élève a lue.",
    "older-notice": "L'ancienne version",
    "newer-notice": "La nouvelle version",
    "compare": "Comparer",
    "two-notices": "Donnez les deux versions de la notice.",
    "not-a-notice": (which) => `La ${which} version n'est pas une notice valide.`,
    "older": "ancienne",
    "newer": "nouvelle",
    "same-texts": "Les textes des finalités n'ont pas changé.",
    "texts-changed": "Ce qui a changé depuis l'ancienne version :",
    "added": "nouvelle finalité",
    "removed": "finalité retirée",
    "changed": (languages) => `textes modifiés (${languages.join(", ")})`,
    "same": "inchangée",
    "members": (names) => `Autres changements : ${names.join(", ")}.`,
    "kind": {
      "campaign-manifest": "Ce manifeste de campagne est intact : sa signature est valide.",
      "release-record": "Cet enregistrement d'envoi est intact : sa signature est valide.",
      "box-withdrawal": "Ce retrait d'une case est intact : sa signature est valide.",
      "device-enrollment": "Cet ajout d'appareil est intact : sa signature est valide.",
    },
    "record-facts": {
      campaign_id: "Campagne", sender: "Expéditeur", purpose: "Finalité", channel: "Canal",
      not_before: "Envoi permis à partir du", not_after: "Envoi permis jusqu'au",
      drafted_by: "Rédigé par le compte", drafted_at: "Rédigé le", approved_by: "Approuvé par le compte",
      approved_at: "Approuvé le", text_digest: "Empreinte du texte approuvé", release: "Envoi n°",
      released_at: "Envoyé le", released_by: "Par le compte", rows_kept: "Lignes gardées (consentement donné)",
      rows_dropped: "Lignes écartées", manifest_digest: "Empreinte du manifeste", withdrawal_id: "Retrait",
      issued_at: "Enregistré le", subject: "Identifiant de l'élève chez le responsable", via: "Par",
      enrollment_id: "Ajout d'appareil", enrolled_at: "Ajouté le", key: "Clé de l'appareil",
      receipt_id: "Par le reçu", how: "Comment",
    },
    "via": { "stop-link": "le lien d'arrêt d'un message", "objection": "une opposition transmise au responsable" },
    "how": {
      "first-receipt": "le premier reçu de l'élève, venu avec son identifiant",
      "enrollment-code": "un code d'ajout d'appareil à usage unique",
      "stored-receipt": "des reçus gardés avant l'enregistrement des appareils",
    },
    "never-grants": "Un retrait ne donne jamais de consentement ; un reçu signé après lui décide à nouveau.",
    "message": "Le message approuvé",
  },
  en: {
    "title": "Check a consent receipt",
    "intro": "Give the receipt's file: this page says whether it is intact, who signed it and what was agreed. Everything happens on this device; nothing is sent.",
    "receipt-legend": "The receipt",
    "receipt-file": "Choose the receipt's file (or several, to check their chain)",
    "drop": "Or drop the file here.",
    "receipt-text": "Or paste the receipt's text",
    "notice-legend": "The notice (optional)",
    "notice-help": "With the notice shown when the choice was made, the page also checks that the signed texts are its own.",
    "notice-file": "Choose the notice's file",
    "notice-url": "Or its address",
    "check": "Check",
    "proof-legend": "The proof of being in the public log (optional)",
    "proof-help": "The .tlog-proof file kept with the receipt. It is checked with the notice, which publishes the log's keys.",
    "proof-file": "Choose the proof's file",
    "proof-text": "Or paste its text",
    "proof-needs": "A proof of being in the log is checked with one receipt and its notice: give the notice.",
    "proof-holds": (index, origin, size, digest) => `Recorded in the public log ${origin}, at index ${index} (the log's signed state: ${size} entries, digest ${digest}).`,
    "proof-broken": (why) => `The proof of being in the public log does not hold: ${why}. This is as serious as a forged signature.`,
    "paper-legend": "The paper copy (optional)",
    "paper-digest": "The digest printed on the paper, or read from its QR code",
    "paper-match": (which) => `The paper matches this file${which ? ` (${which})` : ""}: the printed digest is the receipt's.`,
    "paper-mismatch": "The paper does not match this file: the printed digest is not that of any receipt verified here.",
    "switch": "Français",
    "no-receipt": "First give a receipt: a file, or its pasted text.",
    "valid": "This receipt is intact: every signature is valid.",
    "invalid": "This receipt is not valid.",
    "why": "Why:",
    "notice-invalid": "The notice given is not valid: the receipt was not checked against it.",
    "notice-matches": "The signed texts are exactly those of this version of the notice.",
    "notice-unreachable": "The notice could not be read at that address",
    "signers": "Signed by",
    "subject": "the pupil (the person concerned)",
    "guardian": "a parent or guardian",
    "controller-listed": "the controller, with a key the notice publishes",
    "controller-unchecked": "a key that presents itself as the controller's: without the notice, nothing says it is",
    "issued": "Signed on",
    "notice": "Notice",
    "controller": "Controller",
    "previous": "Replaces the receipt",
    "agreed": "What was decided",
    "granted": "yes",
    "refused": "no",
    "own": "the box",
    "key": "key",
    "unreadable": "This file cannot be read",
    "all-valid": (n) => `These ${n} receipts are intact: every signature is valid.`,
    "some-invalid": (n) => `Of these ${n} receipts, some are not valid.`,
    "receipt-n": (n) => `Receipt ${n}`,
    "chain-holds": "They follow one another: each replaces the one before, from the first to the latest.",
    "chain-missing": (n) => `Receipt ${n} replaces a receipt that is not here, or that was altered.`,
    "chain-fork": (n) => `Receipt ${n} is replaced twice: the chain splits.`,
    "chain-several": (n) => `These receipts make ${n} separate chains.`,
    "chain": "The chain",
    "print": "Print this receipt or save it as PDF",
    "compare-legend": "Compare two versions of a notice",
    "compare-help": "To know what changed since the version the pupil read.",
    "older-notice": "The older version",
    "newer-notice": "The newer version",
    "compare": "Compare",
    "two-notices": "Give both versions of the notice.",
    "not-a-notice": (which) => `The ${which} version is not a valid notice.`,
    "older": "older",
    "newer": "newer",
    "same-texts": "The purposes' texts have not changed.",
    "texts-changed": "What changed since the older version:",
    "added": "new purpose",
    "removed": "purpose removed",
    "changed": (languages) => `texts changed (${languages.join(", ")})`,
    "same": "unchanged",
    "members": (names) => `Other changes: ${names.join(", ")}.`,
    "kind": {
      "campaign-manifest": "This campaign manifest is intact: its signature is valid.",
      "release-record": "This release record is intact: its signature is valid.",
      "box-withdrawal": "This one-box withdrawal is intact: its signature is valid.",
      "device-enrollment": "This device enrollment is intact: its signature is valid.",
    },
    "record-facts": {
      campaign_id: "Campaign", sender: "Sender", purpose: "Purpose", channel: "Channel",
      not_before: "May be sent from", not_after: "May be sent until",
      drafted_by: "Drafted by account", drafted_at: "Drafted on", approved_by: "Approved by account",
      approved_at: "Approved on", text_digest: "Digest of the approved text", release: "Release",
      released_at: "Released on", released_by: "By account", rows_kept: "Rows kept (consent given)",
      rows_dropped: "Rows dropped", manifest_digest: "Manifest digest", withdrawal_id: "Withdrawal",
      issued_at: "Recorded on", subject: "The controller's id for the pupil", via: "Through",
      enrollment_id: "Device enrollment", enrolled_at: "Enrolled on", key: "The device's key",
      receipt_id: "By the receipt", how: "How",
    },
    "via": { "stop-link": "the stop link of a message", "objection": "an objection relayed to the controller" },
    "how": {
      "first-receipt": "the pupil's first receipt, which came with their credential",
      "enrollment-code": "a single-use enrollment code",
      "stored-receipt": "receipts stored before devices were enrolled",
    },
    "never-grants": "A withdrawal never grants anything; a receipt signed after it decides again.",
    "message": "The approved message",
  },
};

/** The page's language: `?lang=`, else French (the page's own). */
const language = pageLanguage();
const words = WORDS[language];
const $ = (id) => document.getElementById(id);



/** The receipts' texts: the latest given of the chosen or dropped files, or the pasted text. */
let receiptFiles = [];

async function receiptTexts() {
  if (receiptFiles.length) return Promise.all(receiptFiles.map((file) => file.text()));
  return [$("receipt-text").value];
}

/** The notice's text, from its file or the address typed (the only request this page makes). */
async function noticeText() {
  const file = $("notice-file").files[0];
  if (file) return file.text();
  const url = $("notice-url").value.trim();
  if (!url) return undefined;
  let response;
  try {
    response = await fetch(url, { credentials: "omit" });
  } catch (error) {
    throw new Error(`${words["notice-unreachable"]} (${error.message}).`);
  }
  if (!response.ok) throw new Error(`${words["notice-unreachable"]} (HTTP ${response.status}).`);
  return response.text();
}

/** Who a signer is, in plain words. */
function signer({ role, kid }, controller) {
  const who = role === "controller" ? words[`controller-${controller}`] ?? words["controller-unchecked"] : words[role];
  const item = element("li", `${who} — ${words.key} `);
  item.append(element("code", kid, { class: "kid" }));
  return item;
}

/** A problem, as the verifier says it: where, and what. */
function problem({ path, code, message }) {
  const item = element("li", message);
  item.prepend(element("code", path === "" ? "/" : path), " ");
  item.dataset.code = code;
  return item;
}

/** What was decided, purpose by purpose. */
function decisions(details) {
  const list = element("ul");
  for (const purpose of details.purposes) {
    const name = purpose.title ? `${purpose.title} (${purpose.id})` : purpose.id;
    const said = purpose.decisions
      .map(({ channel, decision }) => `${channel ?? words.own} : ${words[decision]}`)
      .join(language === "fr" ? " ; " : "; ");
    list.append(element("li", `${name} — ${said}`, { "data-purpose": purpose.id }));
  }
  return list;
}

function definition(list, term, text) {
  list.append(element("dt", term), element("dd", text));
}

/** A controller record (campaign manifest, release record, one-box withdrawal, device enrollment), as signed, into `body`. */
function showRecord(body, verdict, details) {
  body.dataset.kind = verdict.kind;
  const facts = element("dl");
  for (const [member, label] of Object.entries(words["record-facts"])) {
    const value = details[member];
    if (value === undefined) continue;
    let text = String(value);
    if (member === "purpose" && details.purpose_title) text = `${details.purpose_title[language] ?? value} (${value})`;
    else if (member === "via") text = words.via[value] ?? value;
    else if (member === "how") text = words.how[value] ?? value;
    else if (member.endsWith("_at") || member.startsWith("not_")) text = `${value} (UTC)`;
    definition(facts, label, text);
  }
  if (details.notice) definition(facts, words.notice, `${details.notice.id}, version ${details.notice.version}`);
  body.append(facts);
  if (details.template) {
    body.append(element("h3", words.message));
    const texts = element("dl");
    for (const [lang, message] of Object.entries(details.template)) {
      definition(texts, lang, [message.subject, message.text ?? message.body, message.footer].filter(Boolean).join("\n"));
    }
    body.append(texts);
  }
  if (verdict.kind === "box-withdrawal") body.append(element("p", words["never-grants"]));
  body.append(element("h3", words.signers));
  const signers = element("ul", undefined, { "data-signers": "" });
  signers.append(...verdict.signers.map((s) => signer(s, verdict.controller)));
  body.append(signers);
}

/** The report of one receipt (or controller record), into `body`; whether it verified. */
function showOne(body, report) {
  const { verdict, details } = report;
  if (!verdict?.valid) {
    body.append(element("p", words.why));
    const list = element("ul", undefined, { "data-problems": "" });
    list.append(...(verdict?.problems ?? []).map(problem));
    body.append(list);
    return false;
  }
  if (verdict.kind && verdict.kind !== "receipt") {
    showRecord(body, verdict, details);
    return true;
  }
  if (report.notice) body.append(element("p", words["notice-matches"]));
  const facts = element("dl");
  definition(facts, words.issued, `${details.issued_at} (UTC)`);
  definition(facts, words.controller, details.controller);
  definition(facts, words.notice, `${details.notice_id}, version ${details.notice_version}`);
  if (details.previous) definition(facts, words.previous, details.previous);
  for (const [label, text] of jointFacts(details, language)) definition(facts, label, text);
  body.append(facts);
  body.append(element("h3", words.signers));
  const signers = element("ul", undefined, { "data-signers": "" });
  signers.append(...verdict.signers.map((s) => signer(s, verdict.controller)));
  body.append(signers, element("h3", words.agreed), decisions(details));
  return true;
}

/** A notice that is itself invalid checks nothing: say so, with its problems. */
function showInvalidNotice(body, notice) {
  body.append(element("p", words["notice-invalid"]));
  const list = element("ul");
  list.append(...notice.problems.map(problem));
  body.append(list);
}

/** What the chain says, in plain words (positions counted from 1). */
function chainWords(chain) {
  if (chain.holds) return [words["chain-holds"]];
  const said = [
    ...chain.missing_previous.map((i) => words["chain-missing"](i + 1)),
    ...chain.replaced_twice.map((i) => words["chain-fork"](i + 1)),
  ];
  if (chain.chains > 1) said.push(words["chain-several"](chain.chains));
  return said;
}

/** Shows the report (verify-web's JSON: one receipt, or several with their chain) and keeps the verdicts on the section, for anyone to compare. */
function show(report) {
  const section = $("result");
  const body = $("result-body");
  body.replaceChildren();
  for (const kept of ["verdict", "verdicts", "chain", "comparison"]) delete section.dataset[kept];
  delete body.dataset.kind;
  if (report.notice && !report.notice.valid) {
    section.dataset.valid = "false";
    section.dataset.verdict = "null";
    $("result-heading").textContent = words.invalid;
    showInvalidNotice(body, report.notice);
  } else if (report.receipts) {
    const valid = report.receipts.every((r) => r.verdict?.valid) && report.chain.holds;
    section.dataset.valid = String(valid);
    section.dataset.verdicts = JSON.stringify(report.receipts.map((r) => r.verdict));
    section.dataset.chain = JSON.stringify(report.chain);
    const n = report.receipts.length;
    $("result-heading").textContent = report.receipts.every((r) => r.verdict?.valid) ? words["all-valid"](n) : words["some-invalid"](n);
    body.append(element("h3", words.chain));
    const chain = element("ul", undefined, { "data-links": "" });
    chain.append(...chainWords(report.chain).map((text) => element("li", text)));
    body.append(chain);
    report.receipts.forEach((r, i) => {
      const part = element("section", undefined, { "data-receipt": String(i + 1) });
      part.append(element("h3", `${words["receipt-n"](i + 1)} — ${r.verdict?.valid ? words.valid : words.invalid}`));
      showOne(part, r);
      body.append(part);
    });
  } else {
    const valid = report.verdict?.valid === true;
    section.dataset.valid = String(valid);
    section.dataset.verdict = JSON.stringify(report.verdict);
    const record = valid && report.verdict.kind !== "receipt";
    $("result-heading").textContent = record ? words.kind[report.verdict.kind] : valid ? words.valid : words.invalid;
    showOne(body, report);
  }
  section.hidden = false;
  section.focus();
}

/** Shows a failure of the page itself (an unreadable file, a notice address that does not answer). */
function showFailure(message) {
  const section = $("result");
  section.dataset.valid = "false";
  delete section.dataset.verdict;
  $("result-heading").textContent = message;
  $("result-body").replaceChildren();
  section.hidden = false;
  section.focus();
}

async function check(event) {
  event?.preventDefault();
  let receipts;
  let notice;
  try {
    receipts = await receiptTexts();
    notice = await noticeText();
  } catch (error) {
    showFailure(error.message.startsWith(words["notice-unreachable"]) ? error.message : `${words.unreadable}: ${error.message}`);
    return;
  }
  // Nothing given: ask for a receipt. An empty file is given, and is
  // invalid, as `limpide verify` says.
  if (!receiptFiles.length && !receipts[0].trim()) {
    showFailure(words["no-receipt"]);
    return;
  }
  await verifier;
  const report = JSON.parse(receipts.length > 1 ? verifyAll(receipts, notice) : verifyText(receipts[0], notice));
  show(report);
  await checkProof(receipts, notice);
  comparePaper(report);
  if (report.verdict?.valid && report.verdict.kind === "receipt") offerPrint(receipts[0], notice);
}

/** With a proof file: the receipt's place in the controller's public log, checked against the notice's log keys. */
async function checkProof(receipts, notice) {
  const file = $("proof-file").files[0];
  const proof = file ? await file.text() : $("proof-text").value.trim();
  if (!proof) return;
  if (receipts.length !== 1 || !notice) {
    $("result-body").append(element("p", words["proof-needs"], { class: "warning", "data-log": "needs-notice" }));
    return;
  }
  const said = JSON.parse(verifyLogProof(receipts[0], notice, `${proof}\n`.replace(/\n+$/, "\n")));
  const text = said.valid ? words["proof-holds"](said.index, said.origin, said.size, said.checkpoint_digest) : words["proof-broken"](said.problems[0].message);
  $("result-body").append(element("p", text, { "data-log": said.valid ? "logged" : "broken", ...(said.valid ? {} : { class: "warning", role: "alert" }) }));
}

/** With a digest typed from the paper (or read from its QR code): whether it is that of a receipt that verified here. */
function comparePaper(report) {
  const typed = $("paper-digest").value.replace(/\s+/g, "").replace(/=+$/, "");
  if (!typed) return;
  const reports = report.receipts ?? [report];
  const at = reports.findIndex((r) => r.verdict?.valid && r.verdict.digest === typed);
  const which = at >= 0 && reports.length > 1 ? words["receipt-n"](at + 1) : "";
  const said = at >= 0 ? words["paper-match"](which) : words["paper-mismatch"];
  $("result-body").append(element("p", said, { "data-paper": at >= 0 ? "match" : "mismatch", class: at >= 0 ? "" : "warning" }));
}

/** A link to the printable copy of the receipt just checked. */
function offerPrint(receipt, notice) {
  const paragraph = element("p");
  paragraph.append(element("a", words.print, { href: printAddress(receipt, notice), "data-print": "" }));
  $("result-body").append(paragraph);
}

/** Shows what changed between two notice versions (verify-web's `compare_notices`). */
function showChanges(report) {
  const section = $("result");
  const body = $("result-body");
  body.replaceChildren();
  delete section.dataset.verdict;
  section.dataset.comparison = JSON.stringify(report.changes);
  const broken = ["older", "newer"].find((which) => !report[which].valid);
  if (broken) {
    section.dataset.valid = "false";
    $("result-heading").textContent = words["not-a-notice"](words[broken]);
    const list = element("ul");
    list.append(...report[broken].problems.map(problem));
    body.append(list);
  } else {
    const { purposes, members, same_texts: same } = report.changes;
    section.dataset.valid = "true";
    $("result-heading").textContent = same ? words["same-texts"] : words["texts-changed"];
    const list = element("ul", undefined, { "data-changes": "" });
    for (const { id, change, languages } of purposes) {
      const said = change === "changed" ? words.changed(languages) : words[change];
      list.append(element("li", `${id} — ${said}`, { "data-purpose": id, "data-change": change }));
    }
    body.append(list);
    if (members.length) body.append(element("p", words.members(members)));
  }
  section.hidden = false;
  section.focus();
}

async function compare(event) {
  event.preventDefault();
  const [older, newer] = [$("older-notice").files[0], $("newer-notice").files[0]];
  if (!older || !newer) {
    showFailure(words["two-notices"]);
    return;
  }
  let texts;
  try {
    texts = await Promise.all([older.text(), newer.text()]);
  } catch (error) {
    showFailure(`${words.unreadable}: ${error.message}`);
    return;
  }
  await verifier;
  showChanges(JSON.parse(compareNotices(...texts)));
}

translate(words, language);
$("verify-form").addEventListener("submit", check);
$("compare-form").addEventListener("submit", compare);
$("receipt-file").addEventListener("change", (event) => {
  receiptFiles = [...event.target.files];
  if (receiptFiles.length) check();
});
$("receipt-text").addEventListener("input", () => (receiptFiles = []));
const drop = $("drop-zone");
drop.addEventListener("dragover", (event) => {
  event.preventDefault();
  drop.classList.add("over");
});
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (event) => {
  event.preventDefault();
  drop.classList.remove("over");
  receiptFiles = [...event.dataTransfer.files];
  if (receiptFiles.length) check();
});
