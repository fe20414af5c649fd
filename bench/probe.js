// The benchmark's probe, run in the page before its own scripts (Playwright add_init_script; it
// returns at once in iframes). It records in window.__bench: data shapes drawn in the map's frame
// (time, count, which map), the app's script states, pointer presses and websocket messages
// (time, bytes, top-level ForwardMsg fields, carries the map's arguments?) and when the
// Partnership filter first accepts input. bench/measure.py
// reads these back.
(() => {
  if (window.top !== window || window.__bench) return;
  const now = () => performance.timeOrigin + performance.now();
  const bench = window.__bench = {origin: performance.timeOrigin, shapes: [], states: [], downs: [], ws: []};
  // The map iframe is watched from the page: Playwright's init scripts do not run again when a
  // component iframe goes from about:blank to its document. Same-origin iframes share the
  // page's event loop, so this check runs before Leaflet can draw (that needs the arguments,
  // which the page posts to the iframe only after the iframe has loaded and said it is ready).
  const watched = new Map();
  let maps = 0;
  const iframes = document.getElementsByTagName('iframe');
  setInterval(() => {
    for (const iframe of iframes) {
      let doc = null;
      try { doc = iframe.contentDocument; } catch (error) { continue; }
      const href = String(doc && doc.location && doc.location.href);
      if (!doc || watched.get(iframe) === doc || !href.includes('st_folium')) continue;
      watched.set(iframe, doc);
      const view = iframe.contentWindow, map = ++maps;
      let last = -1;
      const observe = () => {
        const n = doc.querySelectorAll('path.leaflet-interactive').length;
        if (n === last) return;
        last = n;
        const entry = [now(), n, map];
        bench.shapes.push(entry);
        view.requestAnimationFrame(() => { entry[0] = now(); });  // drawn: the frame that paints it
      };
      new MutationObserver(observe).observe(doc, {childList: true, subtree: true});
      observe();
    }
  }, 2);
  let state = null;
  // "Filters usable": the first moment the Partnership multiselect is on the page and enabled,
  // i.e. accepts input (its label as bench/measure.py's FILTER_LABEL).
  bench.usable = null;
  bench.filterLabel = window.__benchFilterLabel || null;  // set by an init script before this one
  const filterUsable = () => {
    for (const widget of document.querySelectorAll('[data-testid="stMultiSelect"]')) {
      const label = widget.querySelector('[data-testid="stWidgetLabel"]');
      const input = widget.querySelector('input');
      if (label && label.textContent.trim() === bench.filterLabel && input && !input.disabled) return true;
    }
    return false;
  };
  const STATE = 'data-test-script-state';
  const noteState = (value) => { if (value !== state) { state = value; bench.states.push([now(), value]); } };
  // Every change of the script state, even one undone before the observer ran (a quick rerun on
  // a busy machine): each record's old value is the value the change before it set.
  const observeState = (records) => {
    const changes = (records || []).filter((r) => r.type === 'attributes' && r.attributeName === STATE);
    changes.forEach((record, i) => {
      if (i > 0) noteState(record.oldValue);
    });
    const app = document.querySelector('[data-testid="stApp"]');
    noteState(app && app.getAttribute(STATE));
    if (bench.usable === null && bench.filterLabel && filterUsable()) bench.usable = now();
  };
  new MutationObserver(observeState).observe(document, {
    childList: true, subtree: true, attributes: true, attributeOldValue: true, attributeFilter: [STATE]});
  document.addEventListener('pointerdown', () => bench.downs.push(now()), true);
  // Top-level protobuf field numbers of a ForwardMsg (hash, metadata, then the message type).
  const fields = (bytes) => {
    const out = [];
    let i = 0;
    const varint = () => { let v = 0, s = 1, b; do { b = bytes[i++]; v += (b & 127) * s; s *= 128; }
                           while (b & 128 && i < bytes.length); return v; };
    while (i < bytes.length && out.length < 8) {
      const tag = varint(), type = tag % 8;
      out.push(Math.floor(tag / 8));
      if (type === 0) varint(); else if (type === 2) { const length = varint(); i += length; }
      else if (type === 1) i += 8; else if (type === 5) i += 4; else break;
    }
    return out;
  };
  const record = (entry, data) => {
    const bytes = new Uint8Array(data);
    entry[1] = bytes.length;
    entry[2] = fields(bytes);
    entry[3] = new TextDecoder('latin1').decode(bytes).includes('streamlit_folium');
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const entry = [now(), 0, [], false];
        bench.ws.push(entry);
        if (typeof event.data === 'string') { entry[1] = new TextEncoder().encode(event.data).length; }
        else if (event.data instanceof ArrayBuffer) { record(entry, event.data); }
        else { event.data.arrayBuffer().then((data) => record(entry, data)); }
      });
    }
  };
})();
