// Player: an HTML5 <video> with Reel's own controls. The seek bar shows what is downloaded (verified byte ranges of
// the file, from the session) and what the browser has buffered; resume, next episode, subtitles from the torrent,
// an "open in VLC / mpv" panel and plain-language errors.
import { h, Message, Spinner, Icon, nav, href, titlePath } from '../ui.js';
import { useState, useEffect, useRef, useCallback } from '/vendor/hooks.js';
import { get, put, post, qs, diskFull } from '../api.js';
import { clock, rate, bytes } from '../format.js';
import { epLabel } from './details.js';

const POLL_MS = 1000;
const SAVE_EVERY_MS = 10000;
const NO_PEERS_AFTER_MS = 8000;
const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 2];
const SUB_STEP = 0.1;
const isSubtitle = (p) => /\.(srt|vtt)$/i.test(p);

/** A positioned span of the seek bar, [from, to] as fractions (0..1); sized through the CSSOM. */
function Span({ from, to, cls }) {
  const ref = useRef(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.left = (from * 100).toFixed(3) + '%';
    el.style.width = (Math.max(0, to - from) * 100).toFixed(3) + '%';
  });
  return h('div', { ref, class: cls, 'data-from': from.toFixed(4), 'data-to': to.toFixed(4) });
}

function SeekBar({ time, duration, downloaded, buffered, onSeek }) {
  const ref = useRef(null);
  const [hover, setHover] = useState(null);
  const frac = (e) => {
    const r = ref.current.getBoundingClientRect();
    return Math.max(0, Math.min(1, (e.clientX - r.left) / r.width));
  };
  const down = (e) => {
    if (!duration) return;
    e.preventDefault();
    onSeek(frac(e) * duration);
    const move = (ev) => onSeek(frac(ev) * duration);
    const up = () => { removeEventListener('pointermove', move); removeEventListener('pointerup', up); };
    addEventListener('pointermove', move);
    addEventListener('pointerup', up);
  };
  const played = duration ? time / duration : 0;
  return h('div', { class: 'seek', ref, role: 'slider', tabIndex: 0, 'aria-label': 'Seek',
      'aria-valuemin': 0, 'aria-valuemax': Math.floor(duration || 0), 'aria-valuenow': Math.floor(time || 0),
      'aria-valuetext': clock(time) + ' of ' + clock(duration),
      onPointerDown: down, onPointerMove: (e) => duration && setHover(frac(e)), onPointerLeave: () => setHover(null) },
    h('div', { class: 'seek-track' },
      downloaded.map(([a, b], i) => h(Span, { key: 'd' + i, from: a, to: b, cls: 'downloaded' })),
      buffered.map(([a, b], i) => h(Span, { key: 'b' + i, from: a, to: b, cls: 'buffered' })),
      h(Span, { from: 0, to: played, cls: 'played' }),
      h(Span, { from: played, to: played, cls: 'thumb' })),
    hover != null ? h(Tip, { at: hover, text: clock(hover * duration) }) : null);
}

function Tip({ at, text }) {
  const ref = useRef(null);
  useEffect(() => { if (ref.current) ref.current.style.left = at * 100 + '%'; });
  return h('div', { class: 'seek-tip', ref, 'aria-hidden': 'true' }, text);
}

/** "Open in VLC / mpv": the stream URL to copy, and the playlist. */
function External({ session, onClose, reason }) {
  const [copied, setCopied] = useState(false);
  const input = useRef(null);
  const copy = async () => {
    try { await navigator.clipboard.writeText(session.streamUrl); } catch (e) { input.current.select(); document.execCommand('copy'); }
    setCopied(true);
  };
  // launching: null | 'vlc' | 'mpv' while the request runs; result: { ok, text } for the line under the buttons
  const [launching, setLaunching] = useState(null);
  const [result, setResult] = useState(null);
  const open = async (player) => {
    const name = player === 'vlc' ? 'VLC' : 'mpv';
    setLaunching(player);
    setResult(null);
    try {
      await post('/api/sessions/' + encodeURIComponent(session.id) + '/open', { player });
      setResult({ ok: true, text: name + ' is opening on this computer. Reel keeps downloading while it plays.' });
    } catch (e) {
      let text;
      if (e.code === 'player_missing') text = e.message || (name + ' is not installed on the computer running Reel.');
      else if (e.status === 403) text = 'A player can only be opened on the computer running Reel. Copy the address below instead.';
      else text = 'Could not open ' + name + ': ' + (e.message || 'unknown error') + '. Copy the address below instead.';
      setResult({ ok: false, text });
    } finally {
      setLaunching(null);
    }
  };
  useEffect(() => { input.current && input.current.focus(); input.current && input.current.select(); }, []);
  return h('div', { class: 'overlay-panel external', role: 'dialog', 'aria-modal': 'false', 'aria-label': 'Open in VLC or mpv' },
    h('h2', null, 'Open in VLC or mpv'),
    reason ? h('p', { class: 'msg msg-warn' }, reason) : null,
    h('div', { class: 'open-row' },
      h('button', { type: 'button', class: 'open-vlc', onClick: () => open('vlc'), disabled: !!launching || !session.streamUrl }, launching === 'vlc' ? 'Opening VLC…' : 'Open in VLC'),
      h('button', { type: 'button', class: 'open-mpv', onClick: () => open('mpv'), disabled: !!launching || !session.streamUrl }, launching === 'mpv' ? 'Opening mpv…' : 'Open in mpv')),
    result ? h('p', { class: 'msg ' + (result.ok ? 'msg-info open-result' : 'msg-warn open-result'), role: 'status' }, result.text) : null,
    h('p', null, 'Or copy the stream address and open it in your player (VLC: Media → Open Network Stream; mpv: ', h('code', null, 'mpv URL'), '). Reel keeps downloading while it plays.'),
    h('div', { class: 'copy-row' },
      h('input', { ref: input, readOnly: true, value: session.streamUrl || '', 'aria-label': 'Stream address', class: 'stream-url' }),
      h('button', { type: 'button', onClick: copy }, copied ? 'Copied' : 'Copy')),
    session.playlistUrl ? h('p', null, h('a', { href: session.playlistPath || session.playlistUrl, download: '' }, 'Download a playlist (.m3u)'), ' — opens in any player.') : null,
    h('button', { type: 'button', class: 'close', onClick: onClose }, 'Close'));
}

function Stats({ s }) {
  return h('div', { class: 'overlay-panel stats', role: 'status', 'aria-label': 'Peers and download' },
    h('dl', null,
      h('dt', null, 'Peers'), h('dd', { class: 'stat-peers' }, String(s.peers) + ' (' + s.seeds + ' seeds)'),
      h('dt', null, 'Download'), h('dd', null, rate(s.downloadRate)),
      h('dt', null, 'Upload'), h('dd', null, rate(s.uploadRate)),
      h('dt', null, 'Downloaded'), h('dd', null, Math.floor((s.progress || 0) * 100) + ' % of ' + bytes(s.length)),
      h('dt', null, 'Ready ahead'), h('dd', null, bytes(s.bufferedAhead || 0)),
      h('dt', null, 'State'), h('dd', null, s.state),
      s.etaSeconds != null ? [h('dt', null, 'Done in'), h('dd', null, clock(s.etaSeconds))] : null),
    s.keepable ? h(Keep, { s }) : s.kept ? h('p', { class: 'muted' }, 'Kept in your download folder.') : null,
    s.kept ? null : h(Download, { s }));
}

/** Turns what plays into a download kept in the download folder; the playback goes on. */
function Download({ s }) {
  const [msg, setMsg] = useState(null);
  const go = () => post('/api/sessions/' + s.id + '/download').then(
    (t) => setMsg(t._status === 201 ? 'Downloading the whole torrent to ' + t.savePath + ' (see Transfers).' : 'Already in Transfers.'),
    (e) => setMsg(e.message));
  return h('p', null, msg ? h('span', { role: 'status' }, msg) : h('button', { type: 'button', onClick: go, title: 'Keep the whole torrent in the download folder' }, 'Download'));
}

/** Moves a complete film (or episode) out of the cache into the download folder. */
function Keep({ s }) {
  const [msg, setMsg] = useState(null);
  const keep = () => post('/api/sessions/' + s.id + '/keep').then((r) => setMsg('Saved to ' + r.path), (e) => setMsg(e.message));
  return h('p', null, msg ? h('span', { role: 'status' }, msg) : h('button', { type: 'button', onClick: keep, disabled: s.state !== 'finished' }, s.item && s.item.type === 'series' ? 'Keep this episode' : 'Keep this film'));
}

function videoErrorText(code) {
  if (code === 4 || code === 3) return 'Your browser cannot play this video\u2019s format (codec). Open it in VLC or mpv instead: the download goes on.';
  if (code === 2) return 'The stream was interrupted. Reel will try again.';
  return 'The video could not be played.';
}

export function Player({ sessionId }) {
  const [s, setS] = useState(null);
  const [gone, setGone] = useState(null);
  const video = useRef(null);
  const box = useRef(null);
  const [t, setT] = useState({ time: 0, duration: 0, paused: true, volume: 1, muted: false, speed: 1, buffered: [] });
  const [panel, setPanel] = useState(null); // 'stats' | 'external' | null
  const [vErr, setVErr] = useState(null);
  const [waiting, setWaiting] = useState(false);
  const [idle, setIdle] = useState(false);
  const [subIndex, setSubIndex] = useState(-1);
  const [subDelay, setSubDelay] = useState(0);
  const [toast, setToast] = useState(null);
  const [next, setNext] = useState(null);
  const [started] = useState(() => Date.now());
  const resumed = useRef(false);
  const item = s && s.item;

  // poll the session (also keeps it alive)
  useEffect(() => {
    let live = true, timer = 0;
    const tick = async () => {
      try {
        const x = await get('/api/sessions/' + encodeURIComponent(sessionId));
        if (!live) return;
        setS(x);
        timer = setTimeout(tick, x.state === 'finished' ? POLL_MS * 5 : POLL_MS);
      } catch (e) {
        if (!live) return;
        if (e.status === 404) setGone('This playback has ended (stopped, kept, or idle too long). Start it again from its page.');
        else { setGone(null); timer = setTimeout(tick, POLL_MS * 3); }
      }
    };
    tick();
    return () => { live = false; clearTimeout(timer); };
  }, [sessionId]);

  const say = (text) => { setToast(text); clearTimeout(say.t); say.t = setTimeout(() => setToast(null), 1500); };

  // position saving: from the last known time (the <video> may be gone when the page unmounts)
  const pos = useRef({ time: 0, duration: 0 });
  const latest = useRef(null);
  latest.current = s;
  const save = useCallback(() => {
    const { time, duration } = pos.current;
    const cur = latest.current;
    const it = cur && cur.item;
    if (!it || !it.provider || !(duration > 0) || time < 1) return;
    put('/api/library/positions', { provider: it.provider, type: it.type, id: it.id, videoId: it.videoId || it.id,
      fileIndex: cur.fileIndex, position: time, duration, infoHash: cur.infoHash }).catch(() => {});
  }, []);
  useEffect(() => {
    const i = setInterval(() => { if (video.current && !video.current.paused) save(); }, SAVE_EVERY_MS);
    return () => { clearInterval(i); save(); };
  }, []);

  // next episode
  useEffect(() => {
    if (!item || item.type !== 'series') return;
    get('/api/meta/series/' + encodeURIComponent(item.id)).then((d) => {
      const vids = (d.meta.videos || []).filter((v) => v.episode != null)
        .sort((a, b) => ((a.season || 999) - (b.season || 999)) || (a.episode - b.episode));
      const i = vids.findIndex((v) => v.id === (item.videoId || item.id));
      if (i >= 0 && i + 1 < vids.length) setNext({ video: vids[i + 1], meta: d.meta, provider: d.provider });
    }).catch(() => {});
  }, [item && item.id, item && item.videoId]);

  const playNext = async () => {
    if (!next) return;
    save();
    try {
      const d = await get('/api/streams/series/' + encodeURIComponent(next.video.id));
      const rank = { excellent: 4, good: 3, fair: 2, bad: 1 };
      const best = d.streams.slice().sort((a, b) => (rank[b.health] || 0) - (rank[a.health] || 0))[0];
      if (!best) { say('No stream for the next episode'); return; }
      const sess = await post('/api/play', { stream: best.stream, provider: best.provider,
        item: { provider: next.provider, type: 'series', id: item.id, videoId: next.video.id, title: next.meta.name, poster: next.meta.poster || null, year: item.year || null } });
      nav('/play/' + sess.id);
    } catch (e) { say(e.message); }
  };

  // video events → state
  const sync = () => {
    const v = video.current;
    if (!v) return;
    const b = [];
    for (let i = 0; i < v.buffered.length; i++) if (v.duration) b.push([v.buffered.start(i) / v.duration, v.buffered.end(i) / v.duration]);
    const duration = isFinite(v.duration) ? v.duration : 0;
    pos.current = { time: v.currentTime, duration };
    setT({ time: v.currentTime, duration, paused: v.paused, volume: v.volume, muted: v.muted, speed: v.playbackRate, buffered: b });
  };
  // starts playing once the resume position (if any) is applied, so it never flashes the beginning
  const onMeta = async () => {
    sync();
    const v = video.current;
    if (v && v.videoWidth === 0 && !/\.(mp3|m4a|flac|ogg|opus|wav)$/i.test(s.name || '')) {
      setVErr('This video has no picture in your browser: its codec is not supported here. Open it in VLC or mpv instead.');
    }
    if (resumed.current) return;
    resumed.current = true;
    if (item && item.provider) {
      try {
        const p = await get('/api/library/position' + qs({ provider: item.provider, type: item.type, id: item.id, videoId: item.videoId || item.id }));
        if (p && p.position > 5 && v && (!v.duration || p.position < v.duration * 0.95)) { v.currentTime = p.position; say('Resumed at ' + clock(p.position)); }
      } catch (e) { /* no position */ }
    }
    if (v) v.play().catch(() => sync()); // a browser may refuse to start without a click: the Play button stays
  };

  const v = () => video.current;
  const toggle = () => { const x = v(); if (!x) return; if (x.paused) x.play().catch(() => {}); else { x.pause(); save(); } };
  const seek = (sec) => { const x = v(); if (!x || !isFinite(x.duration)) return; x.currentTime = Math.max(0, Math.min(x.duration - 0.1, sec)); sync(); };
  const volume = (d) => { const x = v(); if (!x) return; x.volume = Math.max(0, Math.min(1, Math.round((x.volume + d) * 10) / 10)); x.muted = false; say('Volume ' + Math.round(x.volume * 100) + ' %'); };
  const mute = () => { const x = v(); if (!x) return; x.muted = !x.muted; say(x.muted ? 'Muted' : 'Sound on'); };
  const fullscreen = () => { if (document.fullscreenElement) document.exitFullscreen().catch(() => {}); else box.current && box.current.requestFullscreen().catch(() => {}); };
  const subs = s ? (s.files || []).filter((f) => isSubtitle(f.path)) : [];
  const cycleSubs = () => {
    if (!subs.length) { say('No subtitles in this torrent'); return; }
    const n = subIndex + 1 >= subs.length ? -1 : subIndex + 1;
    setSubIndex(n);
    say(n < 0 ? 'Subtitles off' : 'Subtitles: ' + subs[n].path.split('/').pop());
  };
  const shiftSubs = (d) => {
    const x = v();
    if (x) for (const tr of x.textTracks) if (tr.cues) for (const c of tr.cues) { c.startTime = Math.max(0, c.startTime + d); c.endTime = Math.max(0, c.endTime + d); }
    setSubDelay((old) => { const n = Math.round((old + d) * 10) / 10; say('Subtitle delay ' + (n > 0 ? '+' : '') + n.toFixed(1) + ' s'); return n; });
  };
  useEffect(() => {
    const x = v();
    if (!x) return;
    Array.from(x.textTracks).forEach((tr, i) => { tr.mode = i === subIndex ? 'showing' : 'disabled'; });
  }, [subIndex, subs.length]);

  // keyboard
  useEffect(() => {
    const key = (e) => {
      const tag = e.target && e.target.tagName;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if ((tag === 'INPUT' && e.target.type !== 'range') || tag === 'TEXTAREA' || tag === 'SELECT') return;
      const x = v();
      const act = {
        ' ': toggle, k: toggle, ArrowLeft: () => x && seek(x.currentTime - 10), ArrowRight: () => x && seek(x.currentTime + 10),
        ArrowUp: () => volume(0.1), ArrowDown: () => volume(-0.1), f: fullscreen, m: mute, c: cycleSubs,
        g: () => shiftSubs(-SUB_STEP), h: () => shiftSubs(SUB_STEP), Escape: () => setPanel(null), i: () => setPanel((p) => (p === 'stats' ? null : 'stats')),
      }[e.key.length === 1 ? e.key.toLowerCase() : e.key];
      if (!act) return;
      e.preventDefault();
      act();
      wake();
    };
    addEventListener('keydown', key);
    return () => removeEventListener('keydown', key);
  });

  // controls hide while playing and the pointer rests
  const idleTimer = useRef(0);
  const wake = () => { setIdle(false); clearTimeout(idleTimer.current); idleTimer.current = setTimeout(() => setIdle(true), 3000); };
  useEffect(() => () => clearTimeout(idleTimer.current), []);

  if (gone) return h('div', { class: 'page' }, h(Message, { kind: 'info' }, gone, ' ', h('a', { href: href('/') }, 'Home')));
  if (!s) return h('div', { class: 'player-box' }, h(Spinner, { label: 'Starting…' }));

  const len = s.length > 0 ? s.length : 0;
  const downloaded = len ? (s.buffered || []).map((r) => [r.start / len, r.end / len]) : [];
  const ep = item && item.type === 'series' && item.videoId ? /:(\d+):(\d+)$/.exec(item.videoId) : null;
  const title = item && item.title ? item.title + (ep ? ' · S' + ep[1].padStart(2, '0') + 'E' + ep[2].padStart(2, '0') : '') : s.name;
  const noPeers = s.peers === 0 && Date.now() - started > NO_PEERS_AFTER_MS && s.state !== 'finished' && (!s.streamUrl || waiting);
  let problem = null;
  if (s.state === 'error') problem = /space|disk full/i.test(s.error || '') ? diskFull : 'The download failed: ' + (s.error || 'unknown error');
  else if (vErr) problem = vErr;
  else if (noPeers) problem = s.streamUrl ? 'No peers right now: waiting for someone who shares this torrent to continue.' : 'No peers yet: Reel is looking for people who share this torrent. This can take a minute; a torrent nobody shares will not start.';
  const back = () => { save(); if (item && item.type && item.id) nav(titlePath(item.type, item.id) + (item.videoId && item.videoId !== item.id ? '?video=' + encodeURIComponent(item.videoId) : '')); else history.back(); };

  return h('div', { class: 'player-box' + (idle && !t.paused && !panel ? ' idle' : ''), ref: box, onPointerMove: wake, onPointerDown: wake },
    s.streamPath || s.streamUrl ? h('video', {
      ref: video, class: 'video', src: s.streamPath || s.streamUrl, preload: 'auto', playsInline: true,
      'aria-label': title, onClick: toggle, onDblClick: fullscreen,
      onLoadedMetadata: onMeta, onTimeUpdate: sync, onProgress: sync, onPlay: sync, onPause: sync, onVolumeChange: sync, onRateChange: sync,
      onDurationChange: sync, onWaiting: () => setWaiting(true), onPlaying: () => { setWaiting(false); setVErr(null); }, onSeeked: sync,
      onEnded: () => { save(); sync(); },
      onError: () => { const c = video.current && video.current.error ? video.current.error.code : 0; setVErr(videoErrorText(c)); if (c === 3 || c === 4) setPanel('external'); },
    }, subs.map((f, i) => h('track', { key: f.index, kind: 'subtitles', src: '/subtitles/' + s.infoHash + '/' + f.index + '.vtt', label: f.path.split('/').pop(), default: i === subIndex }))) : h('div', { class: 'video placeholder' }, h(Spinner, { label: s.state === 'metadata' ? 'Fetching the torrent\u2019s details from peers…' : 'Starting…' })),
    h('div', { class: 'top-bar' },
      h('button', { type: 'button', class: 'icon back', onClick: back, 'aria-label': 'Back' }, h(Icon, { name: 'back' })),
      h('div', { class: 'player-title' }, title),
      h('button', { type: 'button', class: 'icon', onClick: () => setPanel(panel === 'stats' ? null : 'stats'), 'aria-pressed': panel === 'stats' ? 'true' : 'false', 'aria-label': 'Peers and download' }, s.peers + (s.peers === 1 ? ' peer' : ' peers')),
      h('button', { type: 'button', class: 'icon', onClick: () => setPanel(panel === 'external' ? null : 'external'), 'aria-label': 'Open in VLC or mpv', disabled: !s.streamUrl }, 'VLC / mpv')),
    waiting && !problem && s.streamUrl ? h('div', { class: 'center-note' }, h(Spinner, { label: 'Downloading… ' + rate(s.downloadRate) })) : null,
    problem ? h('div', { class: 'player-problem' }, h(Message, { kind: s.state === 'error' ? 'error' : 'warn',
      action: vErr || s.state === 'error' ? h('button', { type: 'button', onClick: () => setPanel('external'), disabled: !s.streamUrl }, 'Open in VLC / mpv') : null }, problem)) : null,
    toast ? h('div', { class: 'toast', role: 'status' }, toast) : null,
    panel === 'stats' ? h(Stats, { s }) : null,
    panel === 'external' ? h(External, { session: s, onClose: () => setPanel(null), reason: vErr }) : null,
    h('div', { class: 'controls', role: 'group', 'aria-label': 'Player controls' },
      h(SeekBar, { time: t.time, duration: t.duration, downloaded, buffered: t.buffered, onSeek: seek }),
      h('div', { class: 'control-row' },
        h('button', { type: 'button', class: 'icon play', onClick: toggle, 'aria-label': t.paused ? 'Play' : 'Pause' }, h(Icon, { name: t.paused ? 'play' : 'pause' })),
        h('button', { type: 'button', class: 'icon', onClick: () => seek(t.time - 10), 'aria-label': 'Back 10 seconds' }, h(Icon, { name: 'rewind' })),
        h('button', { type: 'button', class: 'icon', onClick: () => seek(t.time + 10), 'aria-label': 'Forward 10 seconds' }, h(Icon, { name: 'forward' })),
        h('span', { class: 'time', 'aria-live': 'off' }, clock(t.time) + ' / ' + clock(t.duration)),
        h('span', { class: 'spacer' }),
        h('button', { type: 'button', class: 'icon', onClick: mute, 'aria-label': t.muted ? 'Unmute' : 'Mute', 'aria-pressed': t.muted ? 'true' : 'false' }, h(Icon, { name: t.muted || t.volume === 0 ? 'mute' : 'volume' })),
        h('input', { type: 'range', class: 'volume', min: 0, max: 1, step: 0.05, value: t.muted ? 0 : t.volume, 'aria-label': 'Volume',
          onInput: (e) => { const x = v(); if (x) { x.volume = Number(e.target.value); x.muted = false; } } }),
        h('label', { class: 'speed' }, h('span', { class: 'sr-only' }, 'Speed'),
          h('select', { value: String(t.speed), onChange: (e) => { const x = v(); if (x) x.playbackRate = Number(e.target.value); } },
            SPEEDS.map((r) => h('option', { value: String(r), key: r }, r + '×')))),
        subs.length ? h('label', { class: 'subs' }, h('span', { class: 'sr-only' }, 'Subtitles'),
          h('select', { value: String(subIndex), onChange: (e) => setSubIndex(Number(e.target.value)) },
            h('option', { value: '-1' }, 'Subtitles off'), subs.map((f, i) => h('option', { value: String(i), key: f.index }, f.path.split('/').pop())))) : null,
        subIndex >= 0 && subDelay ? h('span', { class: 'muted' }, (subDelay > 0 ? '+' : '') + subDelay.toFixed(1) + ' s') : null,
        next ? h('button', { type: 'button', class: 'icon next', onClick: playNext, 'aria-label': 'Next episode: ' + epLabel(next.video) }, h(Icon, { name: 'next' }), ' Next') : null,
        h('button', { type: 'button', class: 'icon', onClick: fullscreen, 'aria-label': 'Fullscreen' }, h(Icon, { name: 'fullscreen' })))));
}
