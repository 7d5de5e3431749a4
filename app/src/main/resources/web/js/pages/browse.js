// Browse: a poster grid with infinite scroll, genre / year / sort / type filters and a search-as-you-type box.
import { h, Card, Message, Spinner, useTitle, nav } from '../ui.js';
import { useState, useEffect, useRef } from '/vendor/hooks.js';
import { get, qs, providerErrors } from '../api.js';

const PAGE = 40;
const SORTS = [['popularity', 'Popular'], ['recent', 'Recently added'], ['year', 'Year'], ['title', 'Title']];

export function Browse({ query }) {
  useTitle('Browse');
  const f = {
    q: query.get('q') || '', type: query.get('type') || '', genre: query.get('genre') || '',
    year: query.get('year') || '', sort: query.get('sort') || 'popularity',
  };
  const [text, setText] = useState(f.q);
  const [items, setItems] = useState([]);
  const [more, setMore] = useState(true);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState(null);
  const [warn, setWarn] = useState(null);
  const [genres, setGenres] = useState([]);
  const gen = useRef(0);
  const busy = useRef(false); // a page is on its way (the observer's closure may be a render old)
  const sentinel = useRef(null);
  const key = JSON.stringify(f);

  useEffect(() => {
    if (f.q) { // arrived from the header's search box: keep typing here
      const box = document.getElementById('browse-search');
      if (box) { box.focus(); box.setSelectionRange(box.value.length, box.value.length); }
    }
    get('/api/catalogs').then((d) => {
      const all = new Set();
      d.catalogs.forEach((c) => (c.genres || []).forEach((g) => all.add(g)));
      setGenres([...all].sort());
    }).catch(() => {});
  }, []);

  const load = (reset) => {
    const my = reset ? ++gen.current : gen.current;
    if (!reset && busy.current) return;
    const skip = reset ? 0 : items.length;
    busy.current = true;
    setLoading(true);
    get('/api/search' + qs({ q: f.q, type: f.type, genre: f.genre, year: f.year, sort: f.sort, skip, limit: PAGE }))
      .then((d) => {
        if (my !== gen.current) return;
        setItems((old) => (reset ? d.items : old.concat(d.items)));
        setMore(!!d.more && d.items.length > 0);
        setWarn(providerErrors(d.errors));
        setError(null);
      }, (e) => my === gen.current && (setError(e.message), setMore(false)))
      .finally(() => { if (my === gen.current) { busy.current = false; setLoading(false); } });
  };

  useEffect(() => { setItems([]); setMore(true); load(true); }, [key]);

  useEffect(() => {
    const el = sentinel.current;
    if (!el) return;
    const io = new IntersectionObserver((es) => { if (es[0].isIntersecting && more && !loading) load(false); }, { rootMargin: '600px' });
    io.observe(el);
    return () => io.disconnect();
  });

  useEffect(() => { if (document.activeElement?.id !== 'browse-search') setText(f.q); }, [f.q]);

  // search as you type: the URL follows the box (debounced), which reloads the grid
  useEffect(() => {
    if (text === f.q) return;
    const t = setTimeout(() => set({ q: text }), 250);
    return () => clearTimeout(t);
  }, [text]);

  const set = (change) => nav('/browse' + qs({ ...f, ...change, sort: (change.sort ?? f.sort) === 'popularity' ? '' : (change.sort ?? f.sort) }));
  const years = [];
  for (let y = new Date().getFullYear(); y >= 1900; y--) years.push(y);

  return h('div', { class: 'page browse' },
    h('h1', null, f.q ? 'Search: ' + f.q : 'Browse'),
    h('form', { class: 'filters', onSubmit: (e) => e.preventDefault(), 'aria-label': 'Filters' },
      h('label', { class: 'grow' }, h('span', null, 'Search'),
        h('input', { type: 'search', id: 'browse-search', value: text, placeholder: 'Title…', autocomplete: 'off', onInput: (e) => setText(e.target.value) })),
      h('label', null, h('span', null, 'Type'),
        h('select', { value: f.type, onChange: (e) => set({ type: e.target.value }) },
          h('option', { value: '' }, 'All'), h('option', { value: 'movie' }, 'Films'), h('option', { value: 'series' }, 'Shows'))),
      h('label', null, h('span', null, 'Genre'),
        h('select', { value: f.genre, onChange: (e) => set({ genre: e.target.value }) },
          h('option', { value: '' }, 'All genres'), genres.map((g) => h('option', { value: g, key: g }, g)))),
      h('label', null, h('span', null, 'Year'),
        h('select', { value: f.year, onChange: (e) => set({ year: e.target.value }) },
          h('option', { value: '' }, 'Any year'), years.map((y) => h('option', { value: String(y), key: y }, String(y))))),
      h('label', null, h('span', null, 'Sort'),
        h('select', { value: f.sort, onChange: (e) => set({ sort: e.target.value }) }, SORTS.map(([v, l]) => h('option', { value: v, key: v }, l))))),
    warn ? h(Message, { kind: 'warn' }, warn) : null,
    error ? h(Message, { kind: 'error' }, error) : null,
    h('div', { class: 'grid', role: 'list', 'aria-label': 'Results', 'aria-busy': loading ? 'true' : 'false' },
      items.map((it) => h('div', { role: 'listitem', key: (it.provider || '') + it.type + it.id }, h(Card, { item: it, sub: [it.releaseInfo, it.providerName].filter(Boolean).join(' · ') })))),
    !loading && !error && !items.length ? h(Message, { kind: 'info' }, f.q ? 'Nothing found for “' + f.q + '”.' : 'Nothing to show with these filters.') : null,
    loading ? h(Spinner, null) : null,
    h('div', { ref: sentinel, class: 'sentinel', 'aria-hidden': 'true' }));
}
