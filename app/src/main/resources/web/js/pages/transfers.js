// Transfers: every torrent in Reel's engine (downloads kept in the download folder, and what plays), polled each
// second while the page is visible; pause / resume / remove, per-file progress and priority, play a video file.
import { h, Bar, Message, Spinner, useTitle, nav } from '../ui.js';
import { useState, useEffect, useRef } from '/vendor/hooks.js';
import { get, post, put, del } from '../api.js';
import { bytes, rate, clock } from '../format.js';

const POLL_MS = 1000;

const STATES = {
  metadata: 'Fetching the file list',
  checking: 'Checking the files on disk',
  downloading: 'Downloading',
  seeding: 'Done, sharing',
  paused: 'Paused',
  error: 'Stopped by an error',
};

/** The transfer list, polled each second while the page is visible (not in a background tab). */
function useTransfers() {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    let timer = null;
    const tick = async () => {
      timer = null;
      if (document.hidden) return;
      try {
        const d = await get('/api/transfers');
        if (live) { setData(d.transfers); setError(null); }
      } catch (e) {
        if (live) setError(e.message);
      }
      if (live && !document.hidden) timer = setTimeout(tick, POLL_MS);
    };
    const visibility = () => { if (!document.hidden && timer === null) tick(); };
    document.addEventListener('visibilitychange', visibility);
    tick();
    return () => { live = false; if (timer) clearTimeout(timer); document.removeEventListener('visibilitychange', visibility); };
  }, [n]);
  return { data, error, reload: () => setN((x) => x + 1) };
}

export function stateText(t) {
  if (t.state === 'error') return 'Error: ' + (t.error || 'unknown');
  if (t.state === 'downloading' && t.peers === 0) return 'Looking for peers';
  return STATES[t.state] || t.state;
}

export function Transfers() {
  useTitle('Transfers');
  const { data, error, reload } = useTransfers();
  const [open, setOpen] = useState({});
  const [err, setErr] = useState(null);
  const [removing, setRemoving] = useState(null);
  const act = async (p) => { setErr(null); try { await p; reload(); } catch (e) { setErr(e.message); } };
  const list = data || [];
  return h('div', { class: 'page transfers' },
    h('h1', null, 'Transfers'),
    h('p', { class: 'muted' }, 'Downloads are saved in the download folder (Settings) and keep sharing once done, until you pause or remove them. What you stream is listed too.'),
    error ? h(Message, { kind: 'error' }, error) : null,
    err ? h(Message, { kind: 'error' }, err) : null,
    !data && !error ? h(Spinner, null) : null,
    data && !list.length ? h(Message, { kind: 'info' }, 'Nothing yet. Add a torrent with “Download” on the Add page, or on a title\u2019s streams.') : null,
    list.length ? h('ul', { class: 'transfer-list', 'aria-label': 'Transfers' }, list.map((t) =>
      h(Row, { key: t.infoHash, t, open: !!open[t.infoHash], toggle: () => setOpen((o) => ({ ...o, [t.infoHash]: !o[t.infoHash] })),
        act, remove: () => setRemoving(t) }))) : null,
    removing ? h(Remove, { t: removing, done: (p) => { setRemoving(null); if (p) act(p); } }) : null);
}

function Row({ t, open, toggle, act, remove }) {
  const hash = t.infoHash;
  const pct = Math.floor((t.progress || 0) * 1000) / 10;
  const playing = t.sessions && t.sessions.length;
  const label = t.name || hash;
  return h('li', { class: 'transfer state-' + t.state, 'data-hash': hash },
    h('div', { class: 'transfer-head' },
      h('button', { type: 'button', class: 'icon expand', 'aria-expanded': open ? 'true' : 'false', 'aria-label': (open ? 'Hide' : 'Show') + ' the files of ' + label, onClick: toggle }, open ? '▾' : '▸'),
      h('div', { class: 'grow transfer-main' },
        h('div', { class: 'transfer-name' }, label, !t.transfer ? h('span', { class: 'tag' }, playing ? 'streaming' : 'streamed') : null),
        h(Bar, { fraction: t.progress, cls: 'transfer-bar' }),
        h('div', { class: 'transfer-facts muted' },
          h('span', { class: 'transfer-state' }, stateText(t)),
          h('span', { class: 'transfer-pct' }, pct + ' %'),
          h('span', null, bytes(t.sizeBytes)),
          h('span', { 'aria-label': 'download rate' }, '↓ ' + rate(t.downloadRate)),
          h('span', { 'aria-label': 'upload rate' }, '↑ ' + rate(t.uploadRate)),
          h('span', null, t.peers + (t.peers === 1 ? ' peer' : ' peers') + (t.seeds ? ' (' + t.seeds + ' seeds)' : '')),
          t.etaSeconds != null && t.etaSeconds > 0 ? h('span', null, clock(t.etaSeconds) + ' left') : null)),
      h('div', { class: 'transfer-actions' },
        t.state === 'paused'
          ? h('button', { type: 'button', onClick: () => act(post('/api/transfers/' + hash + '/resume')), 'aria-label': 'Resume ' + label }, 'Resume')
          : h('button', { type: 'button', onClick: () => act(post('/api/transfers/' + hash + '/pause')), 'aria-label': 'Pause ' + label }, 'Pause'),
        h('button', { type: 'button', onClick: remove, 'aria-label': 'Remove ' + label }, 'Remove'))),
    open ? h(Files, { t, act }) : null);
}

function Files({ t, act }) {
  const [err, setErr] = useState(null);
  if (!t.files || !t.files.length) return h('p', { class: 'muted transfer-files' }, 'The file list comes from peers; not known yet.');
  const play = async (f) => {
    setErr(null);
    try {
      const s = await post('/api/play', { infoHash: t.infoHash, fileIdx: f.index });
      nav('/play/' + s.id);
    } catch (e) { setErr(e.message); }
  };
  return h('div', { class: 'transfer-files' },
    h('p', { class: 'muted' }, 'Saved in ', h('code', null, t.savePath)),
    err ? h(Message, { kind: 'error' }, err) : null,
    h('ul', { class: 'file-list' }, t.files.map((f) => h('li', { key: f.index },
      h('span', { class: 'grow file-path' }, f.path),
      h('span', { class: 'muted' }, Math.floor(f.progress * 100) + ' % of ' + bytes(f.length)),
      t.transfer ? h('select', { 'aria-label': 'Priority of ' + f.path, value: f.priority,
        onChange: (e) => act(put('/api/transfers/' + t.infoHash + '/files/' + f.index, { priority: e.target.value })) },
        h('option', { value: 'skip' }, 'Skip'), h('option', { value: 'normal' }, 'Normal'), h('option', { value: 'high' }, 'High')) : null,
      f.video ? h('button', { type: 'button', onClick: () => play(f), 'aria-label': 'Play ' + f.path }, 'Play') : null))));
}

/** The confirm dialog of "Remove": keep the files, delete them, or cancel. */
function Remove({ t, done }) {
  const first = useRef(null);
  useEffect(() => {
    if (first.current) first.current.focus();
    const key = (e) => { if (e.key === 'Escape') done(null); };
    addEventListener('keydown', key);
    return () => removeEventListener('keydown', key);
  }, []);
  const label = t.name || t.infoHash;
  const go = (deleteFiles) => done(del('/api/transfers/' + t.infoHash + '?deleteFiles=' + deleteFiles));
  return h('div', { class: 'modal-back' },
    h('div', { class: 'modal', role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': 'remove-title', 'aria-describedby': 'remove-text' },
      h('h2', { id: 'remove-title' }, 'Remove “', label, '”?'),
      t.transfer
        ? h('p', { id: 'remove-text' }, 'Reel stops downloading and sharing it. Keep the downloaded files in ', h('code', null, t.savePath), ', or delete them?')
        : h('p', { id: 'remove-text' }, 'It is being streamed: removing it ends its playback.'),
      h('div', { class: 'modal-actions' },
        h('button', { type: 'button', ref: first, onClick: () => done(null) }, 'Cancel'),
        t.transfer ? h('button', { type: 'button', onClick: () => go(false) }, 'Remove, keep the files') : null,
        h('button', { type: 'button', class: 'primary', onClick: () => go(t.transfer) }, t.transfer ? 'Remove and delete the files' : 'Remove'))));
}
