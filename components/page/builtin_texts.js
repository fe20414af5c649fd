// Streamlit's own English words (the names screen readers say, tooltips, the calendar's
// instructions) in the page's language. Streamlit has no parameter for them and renders them
// again whenever its element does, so the words are put in as they appear (a MutationObserver),
// and again from the English each stood for when the language changes. The words come from
// the locale files (window.__finmapBuiltinWords, every language's; components/page/
// builtin_texts.py); a text that is not one of Streamlit's is never touched.
(function () {
  // The page's language: the key of the container around this script (builtin_words_fi, ...).
  const place = document.currentScript && document.currentScript.closest('[class*="st-key-builtin_words_"]');
  const lang = place && (place.className.match(/st-key-builtin_words_(\w+)/) || [])[1];
  const words = window.__finmapBuiltinWords && window.__finmapBuiltinWords[lang];
  if (!words) return;
  const ATTRIBUTES = ["aria-label", "title", "placeholder", "aria-valuetext"];
  const WITH_ATTRIBUTE = ATTRIBUTES.map((name) => `[${name}]`).join(",");
  // Where Streamlit writes its words as text rather than as a name: tooltips, the calendar,
  // the lists of a select box, a table's toolbar. Our own text elsewhere is never looked at.
  const TEXT_SCOPES = '[role="tooltip"], [data-testid="stDateInputCalendar"], [role="listbox"], ' +
    '[data-baseweb="popover"], [data-testid="stElementToolbar"]';
  const TEXT = "#text";
  const state = window.__finmapBuiltin || (window.__finmapBuiltin = { shown: new WeakMap(), texts: new Set() });
  const switched = state.lang !== undefined && state.lang !== lang;
  state.lang = lang;
  state.fixed = words.fixed;
  state.patterns = words.patterns.map(([pattern, template]) => [new RegExp(pattern), template]);

  const own = (table, key) => Object.prototype.hasOwnProperty.call(table, key);
  function translate(text) {
    if (own(state.fixed, text)) return state.fixed[text];
    for (const [pattern, template] of state.patterns) {
      const found = pattern.exec(text);
      if (found) {
        return template.replace(/\{(\w+)\}/g, (_, name) => {
          const part = found.groups[name];
          return own(state.fixed, part) ? state.fixed[part] : part;
        });
      }
    }
    return null;
  }

  // What we showed for a node's attribute (or text), and the English it stood for: a value equal
  // to what we showed is ours; any other value is Streamlit's, new.
  function put(node, slot, value, force, write) {
    const memo = state.shown.get(node) || {};
    const known = memo[slot];
    let english = value;
    if (known && value === known.shown) {
      if (!force) return;
      english = known.english;
    }
    const shown = translate(english);
    if (shown === null) {
      delete memo[slot];
      return;
    }
    memo[slot] = { english, shown };
    state.shown.set(node, memo);
    if (shown !== value) write(shown);
  }

  function relabel(element, name, force) {
    const value = element.getAttribute(name);
    if (value !== null) put(element, name, value, force, (shown) => element.setAttribute(name, shown));
  }

  function retext(node, force) {
    const value = node.nodeValue;
    const trimmed = value.trim();
    if (!trimmed) return;
    state.texts.add(node);
    put(node, TEXT, trimmed, force, (shown) => { node.nodeValue = value.replace(trimmed, shown); });
  }

  function textsUnder(root, force) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) retext(node, force);
  }

  function scan(root, force) {
    if (root.nodeType === Node.TEXT_NODE) {
      if (root.parentElement && root.parentElement.closest(TEXT_SCOPES)) retext(root, force);
      return;
    }
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    for (const name of ATTRIBUTES) relabel(root, name, force);
    for (const element of root.querySelectorAll(WITH_ATTRIBUTE)) {
      for (const name of ATTRIBUTES) relabel(element, name, force);
    }
    if (root.closest(TEXT_SCOPES)) textsUnder(root, force);
    else for (const scope of root.querySelectorAll(TEXT_SCOPES)) textsUnder(scope, force);
  }

  if (!state.observer) {
    state.observer = new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === "attributes") relabel(record.target, record.attributeName, false);
        else if (record.type === "characterData") scan(record.target, false);
        else for (const node of record.addedNodes) scan(node, false);
      }
    });
    state.observer.observe(document.body, {
      subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRIBUTES,
    });
  }
  // A new language: every word we put in is put in again from its English.
  if (switched) {
    for (const node of [...state.texts]) {
      if (node.isConnected) retext(node, true);
      else state.texts.delete(node);
    }
  }
  scan(document.body, switched);
})();
