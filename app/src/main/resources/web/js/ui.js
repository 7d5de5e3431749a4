// Shared components. Everything from providers and torrents is passed as text children (Preact escapes it);
// nothing here ever sets innerHTML.
import { h, Fragment } from '/vendor/preact.js';
import { useState, useEffect, useRef } from '/vendor/hooks.js';
import { hue, year } from './format.js';

export { h, Fragment };

/** Navigates to a client route (hash routing: every path works from a bookmark). */
export function nav(path) {
  if (location.hash !== '#' + path) location.hash = path;
}
export const href = (path) => '#' + path;
export const titlePath = (type, id) => '/title/' + encodeURIComponent(type) + '/' + encodeURIComponent(id);

/** A generated poster: the title on a colour picked from the title's hash (SVG; text nodes only). */
export function GeneratedPoster({ title, wide }) {
  const t = String(title || 'Untitled');
  const c = hue(t);
  const words = t.split(/\s+/);
  const lines = [];
  let line = '';
  for (const w of words) {
    if ((line + ' ' + w).trim().length > 14 && line) { lines.push(line); line = w; } else line = (line + ' ' + w).trim();
  }
  if (line) lines.push(line);
  const shown = lines.slice(0, 5);
  const W = wide ? 300 : 200, H = wide ? 169 : 300;
  const y0 = H / 2 - (shown.length - 1) * 13;
  return h('svg', { class: 'poster-img generated', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': t, preserveAspectRatio: 'xMidYMid slice' },
    h('defs', null, h('linearGradient', { id: 'g' + c, x1: 0, y1: 0, x2: 1, y2: 1 },
      h('stop', { offset: '0', 'stop-color': `hsl(${c},55%,32%)` }),
      h('stop', { offset: '1', 'stop-color': `hsl(${(c + 40) % 360},60%,14%)` }))),
    h('rect', { width: W, height: H, fill: `url(#g${c})` }),
    h('text', { x: W / 2, y: y0, 'text-anchor': 'middle', fill: '#fff', 'font-size': 20, 'font-weight': 700, 'font-family': 'sans-serif' },
      shown.map((l, i) => h('tspan', { x: W / 2, dy: i === 0 ? 0 : 26 }, l))));
}

/** A provider's poster, or a generated one when there is none or it fails to load. */
export function Poster({ src, title, wide }) {
  const [failed, setFailed] = useState(false);
  useEffect(() => setFailed(false), [src]);
  if (!src || failed) return h(GeneratedPoster, { title, wide });
  return h('img', { class: 'poster-img', src, alt: '', loading: 'lazy', decoding: 'async', onError: () => setFailed(true) });
}

/** A poster card linking to the details page. */
export function Card({ item, progress, sub }) {
  const y = year(item);
  const title = item.name || item.title || item.id;
  return h('a', { class: 'card', href: href(titlePath(item.type, item.id)), 'aria-label': title + (y ? ' (' + y + ')' : '') },
    h('div', { class: 'poster' }, h(Poster, { src: item.poster, title }),
      progress != null ? h('div', { class: 'card-progress', 'aria-hidden': 'true' }, h(Bar, { fraction: progress })) : null),
    h('div', { class: 'card-title' }, title),
    h('div', { class: 'card-sub' }, sub || (y ? String(y) : '')));
}

/** A bar filled to fraction (0..1), sized through the CSSOM (the CSP forbids style attributes, not CSSOM). */
export function Bar({ fraction, cls }) {
  const ref = useRef(null);
  useEffect(() => { if (ref.current) ref.current.style.width = Math.max(0, Math.min(1, fraction || 0)) * 100 + '%'; });
  return h('div', { class: 'bar ' + (cls || '') }, h('div', { class: 'bar-fill', ref }));
}

/** A horizontal row of cards with a title. */
export function Row({ title, items, more, error, empty, progressOf, id }) {
  return h('section', { class: 'row', 'aria-label': title, id },
    h('div', { class: 'row-head' }, h('h2', null, title), more ? h('a', { class: 'more', href: more }, 'See all') : null),
    error ? h(Message, { kind: 'warn' }, error) : null,
    items && items.length
      ? h('div', { class: 'row-items' }, items.map((it) => h(Card, { key: (it.provider || '') + it.type + it.id, item: it, progress: progressOf ? progressOf(it) : null })))
      : items ? h('p', { class: 'muted' }, empty || 'Nothing here yet.') : error ? null : h(Spinner, null));
}

export function Spinner({ label }) {
  return h('div', { class: 'spinner', role: 'status' }, h('span', { class: 'spin', 'aria-hidden': 'true' }), h('span', { class: label ? '' : 'sr-only' }, label || 'Loading…'));
}

/** A message box: kind = error | warn | info. */
export function Message({ kind, children, action }) {
  return h('div', { class: 'msg msg-' + (kind || 'info'), role: kind === 'error' ? 'alert' : 'status' }, h('span', null, children), action || null);
}

const HEALTH = { excellent: 'Excellent', good: 'Good', fair: 'Fair', bad: 'Poor' };
export function HealthDot({ health, seeders }) {
  const label = (HEALTH[health] || 'Unknown') + ' health' + (seeders != null ? ', ' + seeders + ' seeders' : '');
  return h('span', { class: 'dot dot-' + (health || 'unknown'), role: 'img', 'aria-label': label, title: label });
}

/** A toggle button (aria-pressed). */
export function Toggle({ on, onClick, label, icon, cls }) {
  return h('button', { type: 'button', class: 'toggle ' + (on ? 'on ' : '') + (cls || ''), 'aria-pressed': on ? 'true' : 'false', onClick },
    icon ? h('span', { 'aria-hidden': 'true' }, icon) : null, ' ', label);
}

/** Calls load() once per deps; returns {data, error, loading, reload}. */
export function useLoad(load, deps) {
  const [state, set] = useState({ data: null, error: null, loading: true });
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    set((s) => ({ data: s.data, error: null, loading: true }));
    Promise.resolve().then(load).then((data) => live && set({ data, error: null, loading: false }),
      (error) => live && set({ data: null, error, loading: false }));
    return () => { live = false; };
  }, [...deps, n]);
  return { ...state, reload: () => setN((x) => x + 1) };
}

/** Page title for the document and an h1 (screen readers announce it). */
export function useTitle(t) {
  useEffect(() => { document.title = t ? t + ' · Reel' : 'Reel'; }, [t]);
}

// Simple line icons (SVG, drawn here; fonts on some systems lack the emoji).
const ICONS = {
  play: 'M8 5v14l11-7z',
  pause: 'M7 5h4v14H7zM13 5h4v14h-4z',
  volume: 'M4 9h4l5-4v14l-5-4H4zM16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12',
  mute: 'M4 9h4l5-4v14l-5-4H4zM16 9l5 6M21 9l-5 6',
  fullscreen: 'M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5',
  back: 'M15 5l-7 7 7 7',
  next: 'M6 5l9 7-9 7zM17 5v14',
  eye: 'M2 12s4-7 10-7 10 7 10 7-4 7-10 7S2 12 2 12zM12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6',
  rewind: 'M11 7l-6 5 6 5zM19 7l-6 5 6 5z',
  forward: 'M5 7l6 5-6 5zM13 7l6 5-6 5z',
};
const FILLED = new Set(['play', 'pause', 'next', 'rewind', 'forward']);
export function Icon({ name }) {
  const filled = FILLED.has(name);
  return h('svg', { class: 'ico', viewBox: '0 0 24 24', width: 20, height: 20, 'aria-hidden': 'true', focusable: 'false' },
    h('path', { d: ICONS[name], fill: filled ? 'currentColor' : 'none', stroke: 'currentColor', 'stroke-width': filled ? 0 : 2, 'stroke-linecap': 'round', 'stroke-linejoin': 'round' }));
}
