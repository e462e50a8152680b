// Test page for the end-to-end tests (no inline script: the server sends a
// strict CSP). Mounts the built widget into #host with the notice and
// language from the query string: /test/mount.html?notice=URL&lang=fr&subject=ID
// (&credential=…&enrollmentCode=…: taken off the address at once, as a careful
// page would, so that nothing the widget builds from the address, a
// guardian link say, could carry them).
// Records every limpide:receipt / limpide:error event in window.__events, the
// mount handle in window.__handle and a rejection's message in window.__mountError.
// With `manual` in the query string it mounts nothing: the test mounts itself.
const params = new URLSearchParams(location.search);
if (params.has('credential') || params.has('enrollmentCode')) {
  const kept = new URLSearchParams(params);
  kept.delete('credential');
  kept.delete('enrollmentCode');
  history.replaceState(history.state, '', `${location.pathname}?${kept}${location.hash}`);
}
const host = document.getElementById('host');

// An init script (see browser.mjs) may already record the events on document.
window.__events ??= [];
if (!window.__eventsRecorded) {
  window.__eventsRecorded = true;
  for (const type of ['limpide:receipt', 'limpide:error']) {
    host.addEventListener(type, (event) => {
      let detail;
      try {
        detail = JSON.parse(JSON.stringify(event.detail));
      } catch {
        detail = String(event.detail);
      }
      window.__events.push({ type, detail });
    });
  }
}

window.__mountError = undefined;
window.__mounted = params.has('manual') ? Promise.resolve('manual') : (async () => {
  let mount;
  try {
    ({ mount } = await import('/limpide.js'));
  } catch (error) {
    window.__mountError = `cannot import /limpide.js: ${error && error.message}`;
    return 'import-failed';
  }
  const options = {};
  if (params.has('lang')) options.lang = params.get('lang');
  if (params.has('subject')) options.subject = params.get('subject');
  if (params.has('credential')) options.credential = params.get('credential');
  if (params.has('enrollmentCode')) options.enrollmentCode = params.get('enrollmentCode');
  if (params.has('endpoint')) options.endpoint = params.get('endpoint');
  try {
    window.__handle = await mount(host, params.get('notice') ?? '/notices/pass-region.json', options);
    return 'mounted';
  } catch (error) {
    window.__mountError = error instanceof Error ? error.message : `not an Error: ${String(error)}`;
    window.__mountErrorIsError = error instanceof Error;
    return 'rejected';
  }
})();
