// What the families' pages (verify.html, receipts.html, print.html) share:
// the page's language, its own texts put in it, and elements built from
// text only (every text here may come from a file: never HTML).

/** The page's language: `?lang=en`, else French (the pages' own). */
export function pageLanguage() {
  return new URLSearchParams(location.search).get("lang") === "en" ? "en" : "fr";
}

/** Puts the page's `[data-t]` texts, its title and the language switch in `language`. */
export function translate(words, language) {
  document.documentElement.lang = language;
  document.title = words.title;
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = words[node.dataset.t];
  const other = language === "en" ? "fr" : "en";
  const link = document.getElementById("switch-language");
  link.textContent = words.switch;
  link.href = `?lang=${other}`;
  link.hreflang = link.lang = other;
}

/** UTF-8 text as base64url, for the print page's address fragment. */
function toBase64url(text) {
  const binary = Array.from(new TextEncoder().encode(text), (b) => String.fromCharCode(b)).join("");
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The printable copy's address: the receipt (and the notice, for its texts) travel in the fragment, which no server sees. */
export function printAddress(receipt, notice, proof) {
  const fragment = new URLSearchParams({ receipt: toBase64url(receipt) });
  if (notice) fragment.set("notice", toBase64url(notice));
  if (proof) fragment.set("proof", toBase64url(proof));
  return `print.html#${fragment}`;
}

/** An element with its text and attributes. */
export function element(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

const JOINT = {
  fr: {
    age: "Âge",
    under: (age) => `moins de ${age} ans : consentement conjoint avec un parent ou tuteur`,
    "at-or-over": (age) => `${age} ans ou plus`,
    guardian: "Parent ou tuteur",
    statement: "déclare exercer l'autorité parentale",
  },
  en: {
    age: "Age",
    under: (age) => `under ${age}: joint consent with a parent or guardian`,
    "at-or-over": (age) => `${age} or over`,
    guardian: "Parent or guardian",
    statement: "states that they hold parental authority",
  },
};

/** A receipt's joint-consent facts as [label, text] pairs: its age bracket and the guardian's statement, when it has them. */
export function jointFacts(details, language) {
  const words = JOINT[language] ?? JOINT.en;
  const facts = [];
  if (details.age) facts.push([words.age, words[details.age.bracket](details.age.digital_consent_age)]);
  if (details.guardian) facts.push([words.guardian, details.guardian.name ? `${details.guardian.name}, ${words.statement}` : words.statement]);
  return facts;
}
