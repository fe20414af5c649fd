"""Measurements of a page in the browser for WCAG 2.2 AA: horizontal overflow (1.4.10 reflow),
the size and spacing of every pointer target (2.5.8) and whether a focused control is covered
(2.4.11). Read from bounding boxes, in the page and in the map's frame."""

from __future__ import annotations

# WCAG 2.2 2.5.8: a target at least 24x24 CSS px, or a 24 px circle centred on it that meets no
# other target and no other target's circle.
MIN_TARGET = 24.0

# What a pointer can press. A check box or radio button is pressed through its whole label, so
# the label's box is the target; inline links inside a sentence are exempt (2.5.8's "inline").
TARGETS_JS = """(root) => {
  const doc = root || document;
  const seen = new Set();
  const found = [];
  const visible = (e) => {
    const s = getComputedStyle(e);
    if (s.visibility === 'hidden' || s.display === 'none' || parseFloat(s.opacity) === 0) return false;
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  // Links in running text, and the map's attribution line (a line of text naming sources).
  const inline = (e) => e.tagName === 'A' && (e.closest('.leaflet-control-attribution')
      || (e.closest('p, li, td') && !e.closest('button, [role=button], .leaflet-control')));
  const name = (e) => (e.getAttribute('aria-label') || e.innerText || e.title || e.value || e.tagName)
      .trim().replace(/\\s+/g, ' ').slice(0, 60);
  const selector = 'button, a[href], [role=tab], [role=button], [role=checkbox], [role=radio], summary,'
      + ' input:not([type=hidden]), select, .leaflet-control-zoom a, .leaflet-control-layers-toggle';
  for (const e of doc.querySelectorAll(selector)) {
    let target = e;
    if (e.matches('input[type=checkbox], input[type=radio]')) target = e.closest('label') || e;
    // A select box opens wherever it is pressed (its text field and arrow are inside it); its
    // chips' remove crosses and its clear button are targets of their own.
    const select = e.closest('[data-testid=stMultiSelect], [data-testid=stSelectbox]');
    if (select && (e.tagName === 'INPUT' || e.getAttribute('aria-haspopup')))
      target = select.querySelector(':scope > div') || e;
    if (seen.has(target) || !visible(target) || inline(target)) continue;
    if (target.closest('[aria-hidden=true], [inert]')) continue;
    if (e.disabled && !target.closest('label')) continue;
    seen.add(target);
    const r = target.getBoundingClientRect();
    // Visually hidden until focused (the skip link): measured when focused instead.
    if (r.width <= 2 && r.height <= 2) continue;
    if (r.right <= 0 || r.left >= (doc.defaultView || window).innerWidth) continue;  // off the screen
    found.push({name: name(target), tag: target.tagName.toLowerCase(), testid: target.closest('[data-testid]')
        ? target.closest('[data-testid]').getAttribute('data-testid') : '',
        x: r.x, y: r.y, width: r.width, height: r.height});
  }
  return found;
}"""


def undersized(targets: list[dict], minimum: float = MIN_TARGET) -> list[dict]:
    """Targets under `minimum` in either direction whose `minimum` circle, centred on them,
    meets another target or that target's circle (2.5.8's spacing exception)."""
    radius = minimum / 2

    def centre(t):
        return t["x"] + t["width"] / 2, t["y"] + t["height"] / 2

    def distance_to_box(point, t):
        px, py = point
        dx = max(t["x"] - px, 0, px - (t["x"] + t["width"]))
        dy = max(t["y"] - py, 0, py - (t["y"] + t["height"]))
        return (dx * dx + dy * dy) ** 0.5

    small = [t for t in targets if t["width"] < minimum - 0.5 or t["height"] < minimum - 0.5]
    failing = []
    for t in small:
        here = centre(t)
        for other in targets:
            if other is t:
                continue
            if distance_to_box(here, other) < radius:
                failing.append({**t, "near": other["name"]})
                break
            if other in small:
                ox, oy = centre(other)
                if ((ox - here[0]) ** 2 + (oy - here[1]) ** 2) ** 0.5 < minimum:
                    failing.append({**t, "near": other["name"]})
                    break
    return failing


OVERFLOW_JS = "() => document.scrollingElement.scrollWidth - document.documentElement.clientWidth"

# Elements sticking out of the viewport on the right or left that are not inside a box that
# scrolls by itself (cut off, since the page itself does not scroll sideways), and a chart's
# text that passes the edge of its drawing.
CUT_OFF_JS = """() => {
  const width = document.documentElement.clientWidth;
  const scrollsItself = (e) => {
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if ((s.overflowX === 'auto' || s.overflowX === 'scroll') && p.scrollWidth > p.clientWidth) return true;
      if (p.getBoundingClientRect().right <= width + 1 && (s.overflowX === 'hidden' || s.overflowX === 'clip')
          && p !== document.querySelector('[data-testid=stMain]')) return false;
    }
    return false;
  };
  const out = [];
  const sidebar = document.querySelector('[data-testid=stSidebar]');
  for (const e of document.querySelectorAll('[data-testid=stMain] *')) {
    if (sidebar && sidebar.contains(e)) continue;
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || getComputedStyle(e).visibility === 'hidden') continue;
    // A chart's text past its own drawing's edge is clipped there, inside the screen or not.
    const drawing = e.tagName === 'text' && e.ownerSVGElement && e.ownerSVGElement.getBoundingClientRect();
    // (2 px of slack: a turned label's box is a little larger than its letters.)
    const clipped = drawing && (r.right > drawing.right + 2 || r.left < drawing.left - 2);
    if (clipped || ((r.right > width + 1 || r.left < -1) && !scrollsItself(e))) {
      out.push({tag: e.tagName.toLowerCase(), testid: e.getAttribute('data-testid') || '',
        cls: (e.className && e.className.baseVal === undefined ? String(e.className) : '').slice(0, 60),
        left: Math.round(r.left), right: Math.round(r.right), text: (e.innerText || '').slice(0, 40)});
    }
  }
  return out;
}"""

# For the focused element: is the point at its centre the element (or inside it)? If not, what
# covers it (2.4.11: focus not entirely hidden by author-created content).
FOCUS_COVERED_JS = """() => {
  let e = document.activeElement;
  if (!e || e === document.body) return null;
  if (e.tagName === 'IFRAME') return null;  // the frame's own controls are checked inside it
  const target = (e.matches('input[type=checkbox], input[type=radio]') && e.closest('label')) || e;
  const r = target.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) return null;
  const x = Math.min(Math.max(r.x + r.width / 2, 0), window.innerWidth - 1);
  const y = Math.min(Math.max(r.y + r.height / 2, 0), window.innerHeight - 1);
  const at = document.elementFromPoint(x, y);
  const name = (target.getAttribute('aria-label') || target.innerText || target.tagName).trim().slice(0, 50);
  // A data table's cells are drawn on a canvas under the table's own transparent scroller.
  const table = (n) => n && n.closest('[data-testid=stDataFrame]');
  const ok = at && (target.contains(at) || at.contains(target) || e.contains(at)
      || (table(e) && table(e) === table(at)));
  return {name, ok: !!ok, covered_by: ok || !at ? '' : (at.getAttribute('data-testid') || at.tagName.toLowerCase()),
          y: Math.round(r.y), height: Math.round(r.height)};
}"""
