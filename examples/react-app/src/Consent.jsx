import { useEffect, useRef } from "react";

// Where the built Limpide files are served, next to each other (with Vite:
// copy them into `public/limpide/`). They are loaded at run time, not
// bundled: `limpide.js` finds its wasm and stylesheet next to itself.
const LIMPIDE = "/limpide/limpide.js";

/** The Limpide consent form for `notice` (a URL or a notice object). */
// `credential` and `enrollmentCode` (docs/embedding.md) stay in memory: the
// widget sends them only as request headers to `endpoint`.
export function Consent({ notice, lang, subject, credential, enrollmentCode, endpoint, onReceipt, onError, src = LIMPIDE }) {
  const host = useRef(null);
  // The latest callbacks, without mounting again when only they change.
  const callbacks = useRef({});
  callbacks.current = { onReceipt, onError };

  useEffect(() => {
    const element = host.current;
    const receipt = (event) => callbacks.current.onReceipt?.(event.detail.receipt);
    const error = (event) => callbacks.current.onError?.(event.detail);
    element.addEventListener("limpide:receipt", receipt);
    element.addEventListener("limpide:error", error);
    let handle;
    let cancelled = false;
    import(/* @vite-ignore */ new URL(src, document.baseURI).href)
      .then(({ mount }) => mount(element, notice, { lang, subject, credential, enrollmentCode, endpoint }))
      // A failed mount also fires limpide:error on the element.
      .then((mounted) => (cancelled ? mounted.destroy() : (handle = mounted)), () => {});
    return () => {
      cancelled = true;
      handle?.destroy();
      element.removeEventListener("limpide:receipt", receipt);
      element.removeEventListener("limpide:error", error);
    };
  }, [notice, lang, subject, credential, enrollmentCode, endpoint, src]);

  return <div ref={host} />;
}
