// preview.js: live reload and scroll sync for `bulletin serve` (never part of a published page).
//
// The server sends an event on /events after every save it has checked. The page then fetches
// itself again and swaps in the parts marked data-live; a column's frame loads its new page
// only when its content changed, and keeps the problem it was showing in view. Scrolling one
// column scrolls the others to the same row (rows share their problem ids across languages).
(() => {
  'use strict';

  const ANCHORS = 'table[id], tr[id]';
  const quietUntil = new WeakMap();
  const watched = new WeakSet();

  function frames() {
    return Array.from(document.querySelectorAll('iframe[data-column]'));
  }

  // The row at the top of a frame's view, and how far into it the view starts (0..1).
  function anchorOf(frame) {
    const doc = frame.contentDocument;
    const win = frame.contentWindow;
    if (!doc || !win) return null;
    let best = null;
    for (const element of doc.querySelectorAll(ANCHORS)) {
      if (element.getBoundingClientRect().top > 1) break;
      best = element;
    }
    if (!best) {
      const first = doc.querySelector(ANCHORS);
      const top = first ? first.getBoundingClientRect().top + win.scrollY : 0;
      return { id: null, fraction: top > 0 ? win.scrollY / top : 0 };
    }
    const box = best.getBoundingClientRect();
    return { id: best.id, fraction: box.height > 0 ? -box.top / box.height : 0 };
  }

  function applyAnchor(frame, anchor) {
    const doc = frame.contentDocument;
    const win = frame.contentWindow;
    if (!doc || !win || !anchor) return;
    quietUntil.set(frame, performance.now() + 150);
    const element = anchor.id ? doc.getElementById(anchor.id) : null;
    if (element) {
      const box = element.getBoundingClientRect();
      win.scrollTo(0, win.scrollY + box.top + anchor.fraction * box.height);
    } else {
      const first = doc.querySelector(ANCHORS);
      const top = first ? first.getBoundingClientRect().top + win.scrollY : 0;
      win.scrollTo(0, anchor.fraction * top);
    }
  }

  function follow(source) {
    if ((quietUntil.get(source) || 0) > performance.now()) return;
    const anchor = anchorOf(source);
    for (const frame of frames()) {
      if (frame !== source) applyAnchor(frame, anchor);
    }
  }

  function watch(frame) {
    const win = frame.contentWindow;
    const doc = frame.contentDocument;
    if (!win || !doc || watched.has(doc)) return;
    watched.add(doc);
    win.addEventListener('scroll', () => follow(frame), { passive: true });
  }

  function load(frame, src) {
    const anchor = anchorOf(frame);
    frame.addEventListener('load', () => {
      watch(frame);
      applyAnchor(frame, anchor);
    }, { once: true });
    frame.setAttribute('src', src);
  }

  // A list the writer folded stays folded when its new version comes in.
  function keepFolded(old, fresh) {
    for (const details of old.querySelectorAll('details[id]')) {
      const twin = fresh.querySelector(`details[id="${details.id}"]`);
      if (twin && !details.open) twin.open = false;
    }
  }

  function swap(next) {
    for (const live of document.querySelectorAll('[data-live]')) {
      const fresh = next.getElementById(live.id);
      if (!fresh) continue;
      const copy = document.importNode(fresh, true);
      keepFolded(live, copy);
      live.replaceWith(copy);
    }
    for (const old of document.querySelectorAll('.page[id]')) {
      const fresh = next.getElementById(old.id);
      if (!fresh) continue;
      if (old.tagName !== fresh.tagName) {
        old.replaceWith(document.importNode(fresh, true));
      } else if (old.tagName === 'IFRAME' && old.getAttribute('src') !== fresh.getAttribute('src')) {
        load(old, fresh.getAttribute('src'));
      }
    }
    for (const frame of frames()) {
      frame.addEventListener('load', () => watch(frame), { once: true });
    }
  }

  let running = false;
  let again = false;

  async function update() {
    if (running) { again = true; return; }
    running = true;
    try {
      do {
        again = false;
        const response = await fetch(location.href, { cache: 'no-store' });
        if (!response.ok) continue;
        const next = new DOMParser().parseFromString(await response.text(), 'text/html');
        swap(next);
        document.title = next.title;
        document.body.dataset.version = next.body.dataset.version;
      } while (again);
    } finally {
      running = false;
    }
  }

  function listen() {
    const events = new EventSource('/events');
    events.addEventListener('message', (event) => {
      const { version } = JSON.parse(event.data);
      if (String(version) !== document.body.dataset.version) update();
    });
  }

  document.addEventListener('DOMContentLoaded', () => {
    for (const frame of frames()) {
      if (frame.contentDocument && frame.contentDocument.readyState === 'complete') watch(frame);
      frame.addEventListener('load', () => watch(frame), { once: true });
    }
    listen();
  });
})();
