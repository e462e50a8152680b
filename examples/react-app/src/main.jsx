// A React app embedding the form through <Consent>: a language switch
// (props change: the form is mounted again), a way to hide it (unmount:
// destroy()), and the receipts it received.
import { StrictMode, useState } from "react";
import { createRoot } from "react-dom/client";
import { Consent } from "./Consent.jsx";

// The example is built into dist/examples/react/, two levels under the
// Limpide files and the notices.
const LIMPIDE = "../../limpide.js";
const NOTICE = "../../notices/pass-region.json";

function receiptId(receipt) {
  const binary = atob(receipt.payload.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)).receipt_id;
}

function App() {
  const [lang, setLang] = useState("en");
  const [shown, setShown] = useState(true);
  const [events, setEvents] = useState([]);
  const log = (text) => setEvents((list) => [...list, text]);
  return (
    <main>
      <h1>Activate your pass</h1>
      <p>
        <button type="button" data-example="lang" onClick={() => setLang(lang === "en" ? "fr" : "en")}>
          {lang === "en" ? "Français" : "English"}
        </button>{" "}
        <button type="button" data-example="toggle" onClick={() => setShown(!shown)}>
          {shown ? "Hide the form" : "Show the form"}
        </button>
      </p>
      {shown && (
        <Consent
          notice={NOTICE}
          lang={lang}
          src={LIMPIDE}
          onReceipt={(receipt) => log(`receipt ${receiptId(receipt)}`)}
          onError={(detail) => log(`error ${detail.code}`)}
        />
      )}
      <ol id="log">
        {events.map((text, i) => (
          <li key={i}>{text}</li>
        ))}
      </ol>
    </main>
  );
}

createRoot(document.getElementById("app")).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
