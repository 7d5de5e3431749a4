// Library: favourites, watchlist, history (and what to continue).
import { h, Card, Message, Spinner, useLoad, useTitle, href, nav } from '../ui.js';
import { get, del } from '../api.js';
import { asItem } from './home.js';

const TABS = [['favourites', 'Favourites'], ['watchlist', 'Watchlist'], ['history', 'History']];

export function Library({ tab }) {
  const current = TABS.some(([t]) => t === tab) ? tab : 'favourites';
  useTitle('Library');
  const { data, error, reload } = useLoad(() => get('/api/library/' + current + '?limit=200'), [current]);
  const clear = async () => { if (confirm('Clear the whole history?')) { await del('/api/library/history').catch(() => {}); reload(); } };
  const remove = async (e) => { await del('/api/library/history/' + e.historyId).catch(() => {}); reload(); };
  return h('div', { class: 'page library' },
    h('h1', null, 'Library'),
    h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Library lists' },
      TABS.map(([t, label]) => h('a', { key: t, role: 'tab', href: href('/library/' + t), 'aria-selected': t === current ? 'true' : 'false', class: t === current ? 'active' : '' }, label))),
    error ? h(Message, { kind: 'error' }, error.message) : null,
    !data && !error ? h(Spinner, null) : null,
    data && !data.items.length ? h(Message, { kind: 'info' }, current === 'history' ? 'Nothing played yet.' : 'Nothing here yet: use the ♡ / + buttons on a title\u2019s page.') : null,
    data && current !== 'history' ? h('div', { class: 'grid', role: 'list' }, data.items.map((e) =>
      h('div', { role: 'listitem', key: e.provider + e.type + e.id }, h(Card, { item: asItem(e) })))) : null,
    data && current === 'history' && data.items.length ? h('div', null,
      h('ul', { class: 'history' }, data.items.map((e) => h('li', { key: e.historyId },
        h('a', { href: href('/title/' + encodeURIComponent(e.type) + '/' + encodeURIComponent(e.id)) }, e.title || e.id),
        e.videoId && e.videoId !== e.id ? h('span', { class: 'muted' }, ' ' + e.videoId.split(':').slice(1).join('×')) : null,
        h('span', { class: 'muted' }, ' · ' + new Date(e.playedAt).toLocaleString()),
        h('button', { type: 'button', class: 'link', onClick: () => remove(e), 'aria-label': 'Remove ' + (e.title || e.id) + ' from the history' }, 'Remove')))),
      h('button', { type: 'button', onClick: clear }, 'Clear history')) : null);
}
