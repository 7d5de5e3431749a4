// Reel's web UI: a hash router, the app shell (navigation, drop-a-.torrent-anywhere) and the pages.
import { h, render } from '/vendor/preact.js';
import { useState, useEffect } from '/vendor/hooks.js';
import { nav, href, Message } from './ui.js';
import { get, post } from './api.js';
import { Home } from './pages/home.js';
import { Browse } from './pages/browse.js';
import { Details } from './pages/details.js';
import { Player } from './pages/player.js';
import { Library } from './pages/library.js';
import { Settings } from './pages/settings.js';
import { Add, dropped } from './pages/add.js';
import { Transfers } from './pages/transfers.js';

function parse() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, query] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { path, parts, query: new URLSearchParams(query || '') };
}

function useRoute() {
  const [route, set] = useState(parse());
  useEffect(() => {
    const on = () => { set(parse()); window.scrollTo(0, 0); };
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}

const LINKS = [['/', 'Home'], ['/browse', 'Browse'], ['/library', 'Library'], ['/add', 'Add'], ['/transfers', 'Transfers'], ['/settings', 'Settings']];

function Header({ route }) {
  const [q, setQ] = useState(route.parts[0] === 'browse' ? route.query.get('q') || '' : '');
  const active = '/' + (route.parts[0] || '');
  return h('header', { class: 'top' },
    h('a', { class: 'skip', href: '#main', onClick: (e) => { e.preventDefault(); document.getElementById('main')?.focus(); } }, 'Skip to content'),
    h('a', { class: 'logo', href: href('/'), 'aria-label': 'Reel home' }, h('span', { class: 'logo-mark', 'aria-hidden': 'true' }, '▶'), 'Reel'),
    h('nav', { 'aria-label': 'Main' }, LINKS.map(([p, label]) =>
      h('a', { href: href(p), class: active === p ? 'active' : '', 'aria-current': active === p ? 'page' : null }, label))),
    route.parts[0] === 'browse' ? null : h('form', { class: 'search', role: 'search', onSubmit: (e) => { e.preventDefault(); nav('/browse?q=' + encodeURIComponent(q)); } },
      h('input', { type: 'search', 'aria-label': 'Search titles', placeholder: 'Search…', value: q,
        onInput: (e) => { setQ(e.target.value); nav('/browse?q=' + encodeURIComponent(e.target.value)); } })));
}

function Page({ route }) {
  const [a, b, c] = route.parts;
  switch (a) {
    case undefined: return h(Home, null);
    case 'browse': return h(Browse, { query: route.query });
    case 'title': return h(Details, { type: b, id: c, query: route.query });
    case 'play': return h(Player, { sessionId: b, query: route.query });
    case 'library': return h(Library, { tab: b });
    case 'settings': return h(Settings, null);
    case 'add': return h(Add, null);
    case 'transfers': return h(Transfers, null);
    default: return h('p', null, 'No such page. ', h('a', { href: href('/') }, 'Go home'));
  }
}

/** LAN mode: this Reel asks for its password before anything else. */
function Login({ onDone }) {
  const [pw, setPw] = useState('');
  const [err, setErr] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    setErr(null);
    try { await post('/api/login', { password: pw }); onDone(); } catch (x) { setErr(x.status === 401 ? 'Wrong password.' : x.message); }
  };
  return h('main', { id: 'main', class: 'page login' },
    h('h1', null, 'Reel'),
    h('form', { onSubmit: submit, class: 'add-form' },
      h('label', { for: 'pw' }, 'This Reel is shared on the network. Password:'),
      h('div', { class: 'copy-row' }, h('input', { id: 'pw', type: 'password', autocomplete: 'current-password', value: pw, onInput: (e) => setPw(e.target.value), autofocus: true }),
        h('button', { type: 'submit', class: 'primary' }, 'Log in'))),
    err ? h(Message, { kind: 'error' }, err) : null);
}

function App() {
  const [auth, setAuth] = useState('checking');
  useEffect(() => {
    get('/api/info').then((i) => setAuth(i.authRequired && !i.authenticated ? 'login' : 'ok'), () => setAuth('ok'));
  }, []);
  if (auth === 'checking') return null;
  if (auth === 'login') return h(Login, { onDone: () => location.reload() });
  return h(Shell, null);
}

function Shell() {
  const route = useRoute();
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e) => e.dataTransfer && Array.from(e.dataTransfer.types || []).includes('Files');
    const enter = (e) => { if (hasFiles(e)) { depth++; setDragging(true); } };
    const leave = () => { depth = Math.max(0, depth - 1); if (!depth) setDragging(false); };
    const over = (e) => { if (hasFiles(e)) e.preventDefault(); };
    const drop = (e) => {
      depth = 0; setDragging(false);
      const file = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
      if (!file) return;
      e.preventDefault();
      dropped(file);
      nav('/add');
    };
    addEventListener('dragenter', enter); addEventListener('dragleave', leave);
    addEventListener('dragover', over); addEventListener('drop', drop);
    return () => { removeEventListener('dragenter', enter); removeEventListener('dragleave', leave); removeEventListener('dragover', over); removeEventListener('drop', drop); };
  }, []);
  const playing = route.parts[0] === 'play';
  return h('div', { class: 'app' + (playing ? ' playing' : '') },
    playing ? null : h(Header, { route }),
    h('main', { id: 'main', tabIndex: -1 }, h(Page, { route, key: route.path })),
    dragging ? h('div', { class: 'dropzone', 'aria-hidden': 'true' }, h('div', null, 'Drop the .torrent to play or download it')) : null);
}

render(h(App, null), document.getElementById('app'));
