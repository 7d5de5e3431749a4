// Settings: every setting of the API, the providers (enable, order, add an add-on) and the cache.
import { h, Message, Spinner, useLoad, useTitle } from '../ui.js';
import { useState, useEffect } from '/vendor/hooks.js';
import { get, put, post, del } from '../api.js';
import { bytes } from '../format.js';

const GB = 1024 * 1024 * 1024;
const PLAYERS = [['builtin', 'Reel (this page)'], ['vlc', 'VLC'], ['mpv', 'mpv'], ['system', 'The system\u2019s player']];
// enabled: Reel dials encrypted first and falls back to plain if the peer refuses; it accepts both.
const ENCRYPTIONS = [['enabled', 'Prefer encrypted, accept plain (default)'], ['required', 'Require encryption'], ['disabled', 'Never encrypt']];
const TRANSPORTS = [['both', 'TCP and uTP (default)'], ['tcp', 'TCP only'], ['utp', 'uTP only']];
// The settings chosen from a list: [value, label] pairs.
const CHOICES = { defaultPlayer: PLAYERS, encryption: ENCRYPTIONS, transports: TRANSPORTS };
// [key, label, kind, help]
const FIELDS = [
  ['downloadFolder', 'Download folder', 'text', 'Where downloads (Transfers) and kept films go.'],
  ['cacheLimitBytes', 'Cache limit (GiB)', 'gb', 'Watched films stay in the cache until it is full.'],
  ['clearOnExit', 'Clear the cache when Reel stops', 'bool', ''],
  ['peerPort', 'Peer port', 'int', 'For incoming BitTorrent connections (0 = any); applies at the next start.'],
  ['httpPort', 'Web port', 'int', 'Where this page is served; applies at the next start.'],
  ['downloadLimitKiB', 'Download limit (KiB/s)', 'int', '0 = unlimited.'],
  ['uploadLimitKiB', 'Upload limit (KiB/s)', 'int', '0 = unlimited.'],
  ['seedRatioPercent', 'Stop sharing a finished download at (% of its size uploaded)', 'int', '200 = ratio 2. 0 = share until you pause or remove it.'],
  ['maxConnections', 'Connections at most', 'int', ''],
  ['maxPeersPerTorrent', 'Peers per torrent at most', 'int', ''],
  ['subtitleLanguage', 'Subtitle language', 'text', 'A language code, e.g. en, fr, pt-BR.'],
  ['subtitleSize', 'Subtitle size (%)', 'int', 'Percent of the normal size.'],
  ['defaultPlayer', 'Default player', 'text', ''],
  ['encryption', 'Encryption', 'text', 'Encrypting connections to peers hides the traffic from simple filters; applies after a restart.'],
  ['transports', 'Connections', 'text', 'uTP is tried when TCP does not reach a peer; applies after a restart.'],
];

function Field({ f, value, onChange, problem }) {
  const [key, label, kind, help] = f;
  const id = 'set-' + key;
  const describedBy = [help ? id + '-help' : null, problem ? id + '-err' : null].filter(Boolean).join(' ') || null;
  let input;
  if (kind === 'bool') input = h('input', { id, type: 'checkbox', checked: !!value, onChange: (e) => onChange(e.target.checked), 'aria-describedby': describedBy });
  else if (CHOICES[key]) input = h('select', { id, value: value ?? '', onChange: (e) => onChange(e.target.value), 'aria-describedby': describedBy, 'aria-invalid': problem ? 'true' : null }, CHOICES[key].concat(CHOICES[key].some((p) => p[0] === value) || value == null ? [] : [[value, value]]).map(([o, l]) => h('option', { value: o, key: o }, l)));
  else if (kind === 'gb') input = h('input', { id, type: 'number', min: 0, step: 'any', value: value == null ? '' : Math.round((value / GB) * 100) / 100, onInput: (e) => onChange(Math.round(Number(e.target.value) * GB)), 'aria-describedby': describedBy, 'aria-invalid': problem ? 'true' : null });
  else if (kind === 'int') input = h('input', { id, type: 'number', step: 1, value: value ?? '', onInput: (e) => onChange(e.target.value === '' ? null : Number(e.target.value)), 'aria-describedby': describedBy, 'aria-invalid': problem ? 'true' : null });
  else input = h('input', { id, type: 'text', value: value ?? '', onInput: (e) => onChange(e.target.value), 'aria-describedby': describedBy, 'aria-invalid': problem ? 'true' : null });
  return h('div', { class: 'field' + (kind === 'bool' ? ' check' : '') },
    h('label', { for: id }, label), input,
    help ? h('small', { id: id + '-help', class: 'muted' }, help) : null,
    problem ? h('small', { id: id + '-err', class: 'field-error' }, problem) : null);
}

function SettingsForm() {
  const { data, error } = useLoad(() => get('/api/settings'), []);
  const [form, setForm] = useState(null);
  const [problems, setProblems] = useState({});
  const [status, setStatus] = useState(null);
  useEffect(() => { if (data) setForm(data); }, [data]);
  if (error) return h(Message, { kind: 'error' }, error.message);
  if (!form) return h(Spinner, null);
  const known = new Set(FIELDS.map((f) => f[0]));
  const extra = Object.keys(form).filter((k) => !known.has(k)).map((k) => [k, k, typeof form[k] === 'boolean' ? 'bool' : typeof form[k] === 'number' ? 'int' : 'text', '']);
  const save = async (e) => {
    e.preventDefault();
    setStatus(null); setProblems({});
    const changed = {};
    for (const k of Object.keys(form)) if (JSON.stringify(form[k]) !== JSON.stringify(data[k])) changed[k] = form[k];
    try {
      const next = await put('/api/settings', changed);
      setForm(next);
      Object.assign(data, next);
      setStatus({ kind: 'info', text: 'Settings saved.' });
    } catch (err) {
      setProblems(err.details || {});
      setStatus({ kind: 'error', text: 'Not saved: ' + err.message });
    }
  };
  return h('form', { class: 'settings-form', onSubmit: save, 'aria-label': 'Settings' },
    FIELDS.filter((f) => f[0] in form).concat(extra).map((f) => h(Field, { key: f[0], f, value: form[f[0]], problem: problems[f[0]], onChange: (v) => setForm({ ...form, [f[0]]: v }) })),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save settings'), status ? h(Message, { kind: status.kind }, status.text) : null));
}

function Providers() {
  const { data, error, reload } = useLoad(() => get('/api/providers'), []);
  const [url, setUrl] = useState('');
  const [err, setErr] = useState(null);
  const act = (p) => p.then(reload, (e) => setErr(e.message));
  if (error) return h(Message, { kind: 'error' }, error.message);
  if (!data) return h(Spinner, null);
  const list = data.providers.slice().sort((a, b) => a.position - b.position);
  const move = (i, d) => { const ids = list.map((p) => p.id); const [x] = ids.splice(i, 1); ids.splice(i + d, 0, x); act(put('/api/providers/order', { ids })); };
  return h('div', null,
    h('ul', { class: 'providers' }, list.map((p, i) => h('li', { key: p.id },
      h('label', { class: 'check' }, h('input', { type: 'checkbox', checked: p.enabled, onChange: () => act(put('/api/providers/' + encodeURIComponent(p.id), { enabled: !p.enabled })) }), ' ', p.name),
      h('span', { class: 'muted' }, p.kind === 'addon' ? ' add-on' : ' built in'),
      h('span', { class: 'spacer' }),
      h('button', { type: 'button', class: 'icon', disabled: i === 0, onClick: () => move(i, -1), 'aria-label': 'Move ' + p.name + ' up' }, '↑'),
      h('button', { type: 'button', class: 'icon', disabled: i === list.length - 1, onClick: () => move(i, 1), 'aria-label': 'Move ' + p.name + ' down' }, '↓'),
      p.kind === 'addon' ? h('button', { type: 'button', class: 'icon', onClick: () => act(del('/api/providers/' + encodeURIComponent(p.id))), 'aria-label': 'Remove ' + p.name }, '✕') : null))),
    h('form', { class: 'inline-form', onSubmit: (e) => { e.preventDefault(); setErr(null); act(post('/api/providers', { manifestUrl: url }).then(() => setUrl(''))); } },
      h('label', { for: 'addon-url' }, 'Add a Stremio add-on (manifest URL)'),
      h('div', { class: 'copy-row' }, h('input', { id: 'addon-url', type: 'url', placeholder: 'https://…/manifest.json', value: url, onInput: (e) => setUrl(e.target.value), required: true }),
        h('button', { type: 'submit' }, 'Add'))),
    err ? h(Message, { kind: 'error' }, err) : null);
}

function Cache() {
  const { data, error, reload } = useLoad(() => get('/api/cache'), []);
  const [err, setErr] = useState(null);
  if (error) return h(Message, { kind: 'error' }, error.message);
  if (!data) return h(Spinner, null);
  return h('div', null,
    h('p', null, bytes(data.usedBytes) + ' used of ' + bytes(data.limitBytes) + '.'),
    data.entries.length ? h('ul', { class: 'cache' }, data.entries.map((e) => h('li', { key: e.infoHash },
      h('span', { class: 'grow' }, e.path.split('/').pop() || e.infoHash), h('span', { class: 'muted' }, bytes(e.sizeBytes) + (e.kept ? ' · kept' : '') + (e.playing ? ' · playing' : '')),
      h('button', { type: 'button', class: 'icon', disabled: e.playing, onClick: () => del('/api/cache/' + e.infoHash).then(reload, (x) => setErr(x.message)), 'aria-label': 'Delete ' + (e.path.split('/').pop() || e.infoHash) + ' from the cache' }, 'Delete')))) : h('p', { class: 'muted' }, 'The cache is empty.'),
    err ? h(Message, { kind: 'error' }, err) : null);
}

export function Settings() {
  useTitle('Settings');
  return h('div', { class: 'page settings' },
    h('h1', null, 'Settings'),
    h('section', { 'aria-labelledby': 'h-general' }, h('h2', { id: 'h-general' }, 'General'), h(SettingsForm, null)),
    h('section', { 'aria-labelledby': 'h-providers' }, h('h2', { id: 'h-providers' }, 'Catalog providers'), h(Providers, null)),
    h('section', { 'aria-labelledby': 'h-cache' }, h('h2', { id: 'h-cache' }, 'Cache'), h(Cache, null)));
}
