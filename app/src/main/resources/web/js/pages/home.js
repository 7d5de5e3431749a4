// Home: continue watching, favourites, then one row per provider catalog.
import { h, Row, Message, useLoad, useTitle, href, Spinner } from '../ui.js';
import { get, qs, providerErrors } from '../api.js';

const ROW_ITEMS = 20;
const MAX_ROWS = 12;

function CatalogRow({ c }) {
  const { data, error } = useLoad(() => get('/api/catalog/' + encodeURIComponent(c.type) + '/' + encodeURIComponent(c.id) + qs({ provider: c.provider })), [c.provider, c.type, c.id]);
  const title = c.name === c.providerName || !c.providerName ? c.name : c.name + ' · ' + c.providerName;
  if (error) return h(Row, { title, items: null, error: error.status === 502 ? c.providerName + ' is offline or not answering right now.' : error.message });
  return h(Row, { title, items: data ? data.items.slice(0, ROW_ITEMS) : null, error: data && providerErrors(data.errors),
    more: href('/browse' + qs({ type: c.type })) });
}

export function Home() {
  useTitle('Home');
  const cats = useLoad(() => get('/api/catalogs'), []);
  const cont = useLoad(() => get('/api/library/positions?limit=20'), []);
  const favs = useLoad(() => get('/api/library/favourites?limit=20'), []);
  const hist = useLoad(() => get('/api/library/history?limit=100'), []);
  const history = hist.data ? hist.data.items : [];
  // positions carry no title/poster: take them from the history (the play that made the position)
  const positions = (cont.data ? cont.data.items : []).map((p) => {
    const seen = history.find((e) => e.provider === p.provider && e.type === p.type && e.id === p.id);
    return seen ? { ...p, title: seen.title, poster: seen.poster, year: seen.year } : p;
  });
  const byKey = (it) => positions.find((p) => p.provider === it.provider && p.type === it.type && p.id === it.id);
  return h('div', { class: 'page home' },
    h('h1', { class: 'sr-only' }, 'Home'),
    positions.length ? h(Row, { id: 'continue', title: 'Continue watching', items: dedupe(positions).map(asItem), progressOf: (it) => byKey(it)?.fraction }) : null,
    favs.data && favs.data.items.length ? h(Row, { id: 'favourites', title: 'Favourites', items: favs.data.items.map(asItem), more: href('/library/favourites') }) : null,
    cats.error ? h(Message, { kind: 'error' }, cats.error.message) : null,
    cats.data && providerErrors(cats.data.errors) ? h(Message, { kind: 'warn' }, providerErrors(cats.data.errors)) : null,
    cats.loading && !cats.data ? h(Spinner, null) : null,
    cats.data && !cats.data.catalogs.length ? h(Message, { kind: 'info' }, 'No catalog yet: enable a provider in ', h('a', { href: href('/settings') }, 'Settings'), ', or ', h('a', { href: href('/add') }, 'add a torrent'), '.') : null,
    cats.data ? cats.data.catalogs.slice(0, MAX_ROWS).map((c) => h(CatalogRow, { key: c.provider + c.type + c.id, c })) : null);
}

function dedupe(list) {
  const seen = new Set();
  return list.filter((p) => { const k = p.provider + p.type + p.id; if (seen.has(k)) return false; seen.add(k); return true; });
}

/** A library entry (title/poster/year) shaped like a catalog preview for a Card. */
export function asItem(e) {
  return { ...e, name: e.title || e.name || e.id, releaseInfo: e.year ? String(e.year) : e.releaseInfo };
}
