// Details: backdrop, poster, synopsis, facts, favourite / watchlist / watched toggles, streams, seasons and episodes.
import { h, Poster, Message, Spinner, HealthDot, Toggle, Icon, useLoad, useTitle, nav, href } from '../ui.js';
import { useState, useEffect } from '/vendor/hooks.js';
import { get, post, del, qs, providerErrors } from '../api.js';
import { bytes, year, runtime } from '../format.js';

const safeUrl = (u) => (typeof u === 'string' && /^https?:\/\//i.test(u) ? u : null);

export function Details({ type, id, query }) {
  const { data, error, loading, reload } = useLoad(() => get('/api/meta/' + encodeURIComponent(type) + '/' + encodeURIComponent(id)), [type, id]);
  const meta = data && data.meta;
  useTitle(meta ? meta.name : 'Details');
  if (error) return h('div', { class: 'page' }, h(Message, { kind: 'error' }, error.status === 404 ? 'No provider knows this title (any more).' : error.message));
  if (!data) return h('div', { class: 'page' }, h(Spinner, null));
  return h(Loaded, { data, type, id, query, reload });
}

function Loaded({ data, type, id, query }) {
  const meta = data.meta;
  const provider = data.provider;
  const [lib, setLib] = useState(data.library || { favourite: false, watchlist: false, watched: [], positions: [] });
  const [err, setErr] = useState(null);
  const videos = (meta.videos || []).filter((v) => v.season != null || v.episode != null);
  const series = type === 'series' || videos.length > 0;
  const seasons = [...new Set(videos.map((v) => v.season ?? 0))].sort((a, b) => (a || 999) - (b || 999));
  const wanted = query.get('video');
  const firstUnwatched = videos.find((v) => !lib.watched.includes(v.id)) || videos[0];
  const [video, setVideo] = useState(wanted ? videos.find((v) => v.id === wanted) || firstUnwatched : firstUnwatched);
  const [season, setSeason] = useState(video ? video.season ?? 0 : seasons[0]);
  const y = year(meta);
  const key = { provider, type, id };
  const snapshot = { ...key, title: meta.name, poster: meta.poster || null, year: y };

  const toggleList = async (list, on) => {
    setErr(null);
    try {
      if (on) await del('/api/library/' + list + qs(key)); else await post('/api/library/' + list, snapshot);
      setLib((l) => ({ ...l, [list === 'favourites' ? 'favourite' : 'watchlist']: !on }));
    } catch (e) { setErr(e.message); }
  };
  const toggleWatched = async (videoId) => {
    setErr(null);
    const on = lib.watched.includes(videoId);
    try {
      if (on) await del('/api/library/watched' + qs({ ...key, videoId })); else await post('/api/library/watched', { ...key, videoId });
      setLib((l) => ({ ...l, watched: on ? l.watched.filter((w) => w !== videoId) : l.watched.concat(videoId) }));
    } catch (e) { setErr(e.message); }
  };
  const bg = safeUrl(meta.background);
  const licence = meta.licence;
  const videoId = series ? video && video.id : id;
  const videoTitle = series && video ? meta.name + ' · ' + epLabel(video) : meta.name;

  return h('div', { class: 'page details' },
    bg ? h('div', { class: 'backdrop', 'aria-hidden': 'true' }, h('img', { src: bg, alt: '' })) : h('div', { class: 'backdrop none', 'aria-hidden': 'true' }),
    h('div', { class: 'details-head' },
      h('div', { class: 'details-poster' }, h(Poster, { src: meta.poster, title: meta.name })),
      h('div', { class: 'details-info' },
        h('h1', null, meta.name),
        h('ul', { class: 'facts', 'aria-label': 'Facts' },
          y ? h('li', null, meta.releaseInfo || String(y)) : null,
          runtime(meta.runtime) ? h('li', null, runtime(meta.runtime)) : null,
          meta.imdbRating ? h('li', null, '★ ' + meta.imdbRating) : null,
          (meta.genres || []).length ? h('li', null, meta.genres.join(', ')) : null,
          h('li', { class: 'muted' }, data.providerName || provider)),
        meta.description ? h('p', { class: 'synopsis' }, meta.description) : null,
        licence && licence.name ? h('p', { class: 'licence' }, 'Licence: ',
          safeUrl(licence.url) ? h('a', { href: licence.url, target: '_blank', rel: 'noopener noreferrer' }, licence.name) : licence.name) : null,
        h('div', { class: 'actions' },
          h(Toggle, { on: lib.favourite, icon: lib.favourite ? '♥' : '♡', label: lib.favourite ? 'Favourite' : 'Add to favourites', onClick: () => toggleList('favourites', lib.favourite), cls: 'fav' }),
          h(Toggle, { on: lib.watchlist, icon: lib.watchlist ? '✓' : '+', label: 'Watchlist', onClick: () => toggleList('watchlist', lib.watchlist) }),
          !series ? h(Toggle, { on: lib.watched.includes(id), icon: h(Icon, { name: 'eye' }), label: lib.watched.includes(id) ? 'Watched' : 'Mark watched', onClick: () => toggleWatched(id), cls: 'watched-toggle' }) : null),
        err ? h(Message, { kind: 'error' }, err) : null,
        providerErrors(data.errors) ? h(Message, { kind: 'warn' }, providerErrors(data.errors)) : null)),
    series ? h(Episodes, { videos, seasons, season, setSeason, video, setVideo, watched: lib.watched, toggleWatched }) : null,
    videoId ? h(Streams, { key: videoId, type, videoId, provider, item: { ...snapshot, videoId }, title: videoTitle, position: (lib.positions || []).find((p) => p.videoId === videoId) }) : null);
}

export const epLabel = (v) => (v.season != null ? 'S' + String(v.season).padStart(2, '0') : '') + (v.episode != null ? 'E' + String(v.episode).padStart(2, '0') : '') + (v.title || v.name ? ' ' + (v.title || v.name) : '');

function Episodes({ videos, seasons, season, setSeason, video, setVideo, watched, toggleWatched }) {
  const list = videos.filter((v) => (v.season ?? 0) === season).sort((a, b) => (a.episode || 0) - (b.episode || 0));
  return h('section', { class: 'episodes', 'aria-label': 'Episodes' },
    h('div', { class: 'season-tabs', role: 'tablist', 'aria-label': 'Seasons' },
      seasons.map((s) => h('button', { type: 'button', role: 'tab', key: s, 'aria-selected': s === season ? 'true' : 'false', class: s === season ? 'active' : '', onClick: () => setSeason(s) }, s ? 'Season ' + s : 'Specials'))),
    h('ol', { class: 'episode-list' }, list.map((v) => {
      const seen = watched.includes(v.id);
      return h('li', { key: v.id, class: (video && video.id === v.id ? 'current ' : '') + (seen ? 'seen' : '') },
        h('button', { type: 'button', class: 'episode', 'aria-current': video && video.id === v.id ? 'true' : null, onClick: () => setVideo(v) },
          h('span', { class: 'ep-num' }, v.episode != null ? String(v.episode) : '•'),
          h('span', { class: 'ep-title' }, v.title || v.name || 'Episode ' + v.episode),
          v.released ? h('span', { class: 'muted ep-date' }, String(v.released).slice(0, 10)) : null),
        h('button', { type: 'button', class: 'mark' + (seen ? ' on' : ''), 'aria-pressed': seen ? 'true' : 'false', 'aria-label': (seen ? 'Watched: ' : 'Mark watched: ') + (v.title || 'episode ' + v.episode), onClick: () => toggleWatched(v.id) }, seen ? '✓' : '○'));
    })));
}

const QUALITY = /\b(2160p|4k|1440p|1080p|720p|576p|480p|360p|240p|hdr|uhd)\b/i;
export function quality(s) {
  const text = [s.name, s.title, s.description, s.behaviorHints && s.behaviorHints.filename].filter(Boolean).join(' ');
  const m = QUALITY.exec(text);
  return m ? m[1].toUpperCase().replace('4K', '2160P').replace('P', 'p') : null;
}

/** Starts playing a stream; resolves to the session. */
export async function playStream(s, item) {
  return post('/api/play', { stream: s.stream, provider: s.provider, item });
}

function Streams({ type, videoId, provider, item, title, position }) {
  const { data, error, loading } = useLoad(() => get('/api/streams/' + encodeURIComponent(type) + '/' + encodeURIComponent(videoId)), [type, videoId]);
  const [busy, setBusy] = useState(null);
  const [err, setErr] = useState(null);
  const [saved, setSaved] = useState(null);
  const download = async (s, i) => {
    setBusy(i); setErr(null); setSaved(null);
    try {
      const t = await post('/api/transfers', { stream: s.stream, provider: s.provider });
      setSaved((t.name || 'The torrent') + (t._status === 201 ? ' is downloading' : ' is already in Transfers') + '.');
    } catch (e) { setErr(e.message); }
    setBusy(null);
  };
  const play = async (s, i) => {
    setBusy(i); setErr(null);
    try {
      const session = await playStream(s, item);
      nav('/play/' + session.id);
    } catch (e) { setErr(e.message); setBusy(null); }
  };
  const streams = data ? data.streams : [];
  return h('section', { class: 'streams', 'aria-label': 'Streams' },
    h('h2', null, 'Play ', h('span', { class: 'muted' }, title)),
    position && position.position > 5 ? h('p', { class: 'muted' }, 'You stopped at ' + Math.floor(position.position / 60) + ' min: playing resumes there.') : null,
    loading ? h(Spinner, { label: 'Looking for streams…' }) : null,
    error ? h(Message, { kind: 'error' }, error.message) : null,
    data && providerErrors(data.errors) ? h(Message, { kind: 'warn' }, providerErrors(data.errors)) : null,
    data && !streams.length ? h(Message, { kind: 'info' }, 'No stream found for this title.') : null,
    err ? h(Message, { kind: 'error' }, err) : null,
    saved ? h(Message, { kind: 'info', action: h('a', { href: href('/transfers') }, 'See Transfers') }, saved) : null,
    streams.length ? h('ul', { class: 'stream-list' }, streams.map((s, i) => {
      const st = s.stream;
      const size = st.size || (st.behaviorHints && st.behaviorHints.videoSize);
      const q = quality(st);
      const torrent = s.playable !== false && !!(st.infoHash || st.magnet || st.torrentUrl);
      const direct = !torrent ? safeUrl(st.url || st.externalUrl) : null;
      if (direct) {
        return h('li', { key: i }, h('a', { class: 'stream button-like', href: direct, target: '_blank', rel: 'noopener noreferrer' },
          h(HealthDot, { health: s.health, seeders: s.seeders }), h('span', { class: 'q' }, q || ''),
          h('span', { class: 'stream-name' }, [st.name, st.title].filter(Boolean).join(' — ') || direct),
          h('span', { class: 'muted' }, 'opens outside Reel · ' + (s.providerName || ''))));
      }
      return h('li', { key: i, class: 'stream-row' },
        h('button', { type: 'button', class: 'stream', disabled: busy !== null || !torrent, onClick: () => play(s, i), 'aria-label': 'Play ' + [q, st.name, st.title].filter(Boolean).join(' ') },
          h(HealthDot, { health: s.health, seeders: s.seeders }),
          h('span', { class: 'q' }, q || 'SD'),
          h('span', { class: 'stream-name' }, [st.name, st.title].filter(Boolean).join(' — ') || 'Stream ' + (i + 1)),
          h('span', { class: 'muted' }, [size ? bytes(size) : null, s.seeders != null ? s.seeders + (s.seeders === 1 ? ' seeder' : ' seeders') : null, s.providerName].filter(Boolean).join(' · ')),
          h('span', { class: 'play-icon', 'aria-hidden': 'true' }, busy === i ? '…' : '▶')),
        torrent ? h('button', { type: 'button', class: 'stream-download', disabled: busy !== null, onClick: () => download(s, i),
          'aria-label': 'Download ' + [q, st.name, st.title].filter(Boolean).join(' '), title: 'Download the torrent to the download folder' }, '⤓ Download') : null);
    })) : null);
}
