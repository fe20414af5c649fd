// Counts the script runs the app has finished (window.__scriptRuns), from the server's own
// messages: every run ends with a ForwardMsg script_finished, however fast the run was. (The
// app's "running" state can come and go between two renders, so the page may never show it.)
(() => {
  if (window.top !== window || window.__scriptRuns !== undefined) return;
  window.__scriptRuns = 0;
  const SCRIPT_FINISHED = 6;  // its field number in streamlit/proto/ForwardMsg.proto
  // Whether a ForwardMsg's top-level fields (hash, metadata, then its kind) include script_finished.
  const finishes = (bytes) => {
    let i = 0;
    const varint = () => {
      let value = 0, scale = 1, byte;
      do { byte = bytes[i++]; value += (byte & 127) * scale; scale *= 128; } while (byte & 128 && i < bytes.length);
      return value;
    };
    while (i < bytes.length) {
      const tag = varint(), type = tag % 8;
      if (Math.floor(tag / 8) === SCRIPT_FINISHED) return true;
      if (type === 0) varint(); else if (type === 2) i += varint();
      else if (type === 1) i += 8; else if (type === 5) i += 4; else return false;
    }
    return false;
  };
  const count = (data) => { if (finishes(new Uint8Array(data))) window.__scriptRuns++; };
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
