// Add: paste a magnet link or a .torrent URL, or drop a .torrent anywhere on the window; then play it (pick the file)
// or download it whole to the download folder (Transfers).
import { h, Message, Spinner, useLoad, useTitle, nav } from '../ui.js';
import { useState, useEffect, useRef } from '/vendor/hooks.js';
import { get, post, del } from '../api.js';
import { bytes } from '../format.js';

let pending = null; // a .torrent dropped on another page, handed to the Add page
const listeners = new Set();
/** Called by the app shell when a file is dropped anywhere on the window. */
export function dropped(file) {
  pending = file;
  listeners.forEach((l) => l());
}

const MAX_TORRENT = 10 * 1024 * 1024;
const NO_PEERS_AFTER_MS = 8000;

function sourceOf(text) {
  const t = text.trim();
  if (/^magnet:\?/i.test(t)) return { magnet: t };
  if (/^https?:\/\//i.test(t)) return { url: t };
  if (/^[0-9a-f]{40}$/i.test(t)) return { infoHash: t };
  return null;
}

export function Add() {
  useTitle('Add a torrent');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(null);
  const [err, setErr] = useState(null);
  const [torrent, setTorrent] = useState(null);
  const [session, setSession] = useState(null);
  const mine = useLoad(() => get('/api/torrents'), [torrent && torrent.id]);
  const fileInput = useRef(null);
  const [since, setSince] = useState(0);
  const [file, setFile] = useState(null); // a chosen or dropped .torrent, waiting for Play or Download

  const download = async (make) => {
    setErr(null); setSession(null); setTorrent(null); setFile(null);
    try {
      setBusy('Adding…');
      const t = (await make()).torrent;
      setTorrent(t);
      await post('/api/transfers', { torrentId: t.id });
      setBusy(null);
      nav('/transfers');
    } catch (e) { setErr(e.message); setBusy(null); }
  };

  const start = async (make) => {
    setErr(null); setSession(null); setTorrent(null); setFile(null);
    try {
      setBusy('Adding…');
      const t = (await make()).torrent;
      setTorrent(t);
      setBusy('Fetching the torrent\u2019s file list from peers…');
      const s = await post('/api/play', { torrentId: t.id });
      setSince(Date.now());
      setSession(s);
    } catch (e) { setErr(e.message); setBusy(null); }
  };
  const fromFile = (file) => {
    if (!file) return;
    if (file.size > MAX_TORRENT) { setErr('That file is too large for a .torrent (10 MB at most).'); return; }
    if (!/\.torrent$/i.test(file.name) && file.type !== 'application/x-bittorrent') { setErr('“' + file.name + '” is not a .torrent file.'); return; }
    setErr(null); setSession(null); setFile(file);
  };
  const fromTorrent = (f) => async () => post('/api/torrents', await f.arrayBuffer());
  useEffect(() => {
    const take = () => { if (pending) { const f = pending; pending = null; fromFile(f); } };
    listeners.add(take);
    take();
    return () => listeners.delete(take);
  }, []);

  // wait for the file list (a magnet's metadata comes from peers)
  useEffect(() => {
    if (!session || (session.files && session.files.length)) {
      if (session && session.files && session.files.length) {
        setBusy(null);
        const videos = session.files.filter((f) => f.video);
        if (videos.length === 1 && session.fileIndex === videos[0].index) nav('/play/' + session.id);
      }
      return;
    }
    const t = setTimeout(() => get('/api/sessions/' + session.id).then(setSession, (e) => { setErr(e.message); setBusy(null); }), 1000);
    return () => clearTimeout(t);
  }, [session]);

  const playFile = async (f) => {
    try {
      const s = f.index === session.fileIndex ? session : await post('/api/play', { torrentId: torrent.id, fileIdx: f.index });
      nav('/play/' + s.id);
    } catch (e) { setErr(e.message); }
  };
  const pasted = () => {
    const src = sourceOf(text);
    if (!src) { setErr('Paste a magnet link (magnet:?…), a link to a .torrent file (https://…), or an info-hash (40 hex digits).'); return null; }
    return () => post('/api/torrents', src);
  };
  const submit = (e) => {
    e.preventDefault();
    const make = pasted();
    if (make) start(make);
  };
  const submitDownload = () => {
    const make = pasted();
    if (make) download(make);
  };

  return h('div', { class: 'page add' },
    h('h1', null, 'Add a torrent'),
    h('form', { class: 'add-form', onSubmit: submit },
      h('label', { for: 'add-source' }, 'Magnet link or .torrent URL'),
      h('div', { class: 'copy-row' },
        h('input', { id: 'add-source', type: 'text', value: text, placeholder: 'magnet:?xt=urn:btih:… or https://…/file.torrent', autocomplete: 'off', spellcheck: false,
          onInput: (e) => setText(e.target.value), onPaste: (e) => { const v = e.clipboardData && e.clipboardData.getData('text'); if (v && sourceOf(v) && !text) { e.preventDefault(); setText(v.trim()); } } }),
        h('button', { type: 'submit', class: 'primary', disabled: !!busy }, 'Play'),
        h('button', { type: 'button', disabled: !!busy, onClick: submitDownload, title: 'Download the whole torrent to the download folder' }, 'Download'))),
    h('div', { class: 'drop-hint' },
      h('p', null, 'Or drop a .torrent file anywhere on this window, or '),
      h('button', { type: 'button', onClick: () => fileInput.current.click() }, 'choose a .torrent file…'),
      h('input', { ref: fileInput, type: 'file', accept: '.torrent,application/x-bittorrent', class: 'sr-only', tabIndex: -1, 'aria-hidden': 'true', onChange: (e) => fromFile(e.target.files[0]) })),
    file ? h('div', { class: 'msg msg-info chosen', role: 'group', 'aria-label': 'The chosen .torrent' },
      h('span', { class: 'grow' }, '“', file.name, '”: play it now, or download it whole to the download folder?'),
      h('button', { type: 'button', class: 'primary', onClick: () => start(fromTorrent(file)) }, 'Play this torrent'),
      h('button', { type: 'button', onClick: () => download(fromTorrent(file)) }, 'Download this torrent'),
      h('button', { type: 'button', class: 'link', onClick: () => setFile(null) }, 'Cancel')) : null,
    err ? h(Message, { kind: 'error' }, err) : null,
    busy ? h(Spinner, { label: busy }) : null,
    session && !(session.files && session.files.length) && session.peers === 0 && Date.now() - since > NO_PEERS_AFTER_MS
      ? h(Message, { kind: 'warn' }, 'No peers yet: nobody sharing this torrent has been found so far. Reel keeps looking; a torrent nobody shares cannot start.') : null,
    session && session.files && session.files.length ? h('section', { class: 'files', 'aria-label': 'Files' },
      h('h2', null, session.torrentName || (torrent && torrent.name) || 'Files'),
      h('p', { class: 'muted' }, 'Pick the file to play.'),
      h('ul', { class: 'file-list' }, session.files.map((f) => h('li', { key: f.index, class: f.video ? 'video-file' : 'other-file' },
        h('span', { class: 'grow file-path' }, f.path), h('span', { class: 'muted' }, bytes(f.length)),
        f.video ? h('button', { type: 'button', onClick: () => playFile(f), 'aria-label': 'Play ' + f.path }, f.index === session.fileIndex ? '▶ Play' : 'Play') : null)))) : null,
    h('section', { class: 'mine', 'aria-label': 'My torrents' },
      h('h2', null, 'My torrents'),
      mine.data && mine.data.torrents.length ? h('ul', { class: 'file-list' }, mine.data.torrents.map((t) => h('li', { key: t.id },
        h('span', { class: 'grow file-path' }, t.name || t.infoHash),
        h('button', { type: 'button', onClick: () => { setTorrent(t); setBusy('Starting…'); setSince(Date.now()); post('/api/play', { torrentId: t.id }).then(setSession, (e) => { setErr(e.message); setBusy(null); }); }, 'aria-label': 'Open ' + (t.name || t.infoHash) }, 'Open'),
        h('button', { type: 'button', class: 'icon', onClick: () => del('/api/torrents/' + encodeURIComponent(t.id)).then(mine.reload, (e) => setErr(e.message)), 'aria-label': 'Remove ' + (t.name || t.infoHash) }, '✕')))) : h('p', { class: 'muted' }, mine.data ? 'None yet.' : '')));
}
