// Counts the script runs the app has started and finished (window.__scriptRuns), from the
// server's own messages: every run begins with a ForwardMsg new_session and ends with a
// script_finished (also when a rerun cuts it short), however fast it was. (The app's "running"
// state can come and go between two renders, so the page may never show it.)
(() => {
  if (window.top !== window || window.__scriptRuns !== undefined) return;
  const runs = window.__scriptRuns = {started: 0, finished: 0};
  const NEW_SESSION = 4, SCRIPT_FINISHED = 6;  // field numbers in streamlit/proto/ForwardMsg.proto
  // Which of the two a ForwardMsg is, from its top-level fields (hash, metadata, then its kind).
  const kind = (bytes) => {
    let i = 0;
    const varint = () => {
      let value = 0, scale = 1, byte;
      do { byte = bytes[i++]; value += (byte & 127) * scale; scale *= 128; } while (byte & 128 && i < bytes.length);
      return value;
    };
    while (i < bytes.length) {
      const tag = varint(), type = tag % 8, field = Math.floor(tag / 8);
      if (field === NEW_SESSION) return 'started';
      if (field === SCRIPT_FINISHED) return 'finished';
      // The length first: `i += varint()` would add it to the index from before the length was read.
      if (type === 0) varint(); else if (type === 2) { const length = varint(); i += length; }
      else if (type === 1) i += 8; else if (type === 5) i += 4; else return null;
    }
    return null;
  };
  const count = (data) => { const k = kind(new Uint8Array(data)); if (k) runs[k]++; };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        if (event.data instanceof ArrayBuffer) count(event.data);
        else if (event.data instanceof Blob) event.data.arrayBuffer().then(count);
      });
    }
  };
})();
