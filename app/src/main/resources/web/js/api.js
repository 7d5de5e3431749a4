// The JSON API client (docs/API.md): token header on every state change, errors a person understands.
let token = document.querySelector('meta[name="reel-token"]')?.content || '';

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details || {};
  }
}

async function refreshToken() {
  const res = await fetch('/api/token', { credentials: 'same-origin' });
  if (res.ok) token = (await res.json()).token;
}

/** Calls the API; body: an object (JSON), or a Blob/ArrayBuffer (a .torrent). Resolves to the JSON answer or null. */
export async function api(method, path, body, retried) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin' };
  if (method !== 'GET' && method !== 'HEAD') headers['X-Reel-Token'] = token;
  if (body instanceof Blob || body instanceof ArrayBuffer) {
    headers['Content-Type'] = 'application/x-bittorrent';
    init.body = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'offline', 'Reel is not reachable. Is it still running?');
  }
  if (res.status === 403 && !retried) {
    await refreshToken(); // the server restarted: new token
    return api(method, path, body, true);
  }
  if (res.status === 204) return null;
  let data = null;
  try { data = await res.json(); } catch (e) { /* not JSON */ }
  if (!res.ok) {
    const err = data && data.error ? data.error : {};
    throw new ApiError(res.status, err.code || 'http_' + res.status, human(res.status, err), err.details);
  }
  if (data && typeof data === 'object') Object.defineProperty(data, '_status', { value: res.status });
  return data;
}

function human(status, err) {
  const msg = err.message || '';
  if (status === 502 || err.code === 'provider_failed') return 'The catalog provider is offline or not answering. ' + msg;
  if (status === 413) return 'That file is too large (a .torrent may be at most 10 MB).';
  if (status === 401) return 'This Reel asks for its password.';
  if (/no space left|disk full|not enough space/i.test(msg)) return diskFull;
  return msg || 'Something went wrong (HTTP ' + status + ').';
}

export const diskFull = 'The disk is full: free some space, or lower the cache limit in Settings.';

export const get = (p) => api('GET', p);
export const post = (p, b) => api('POST', p, b === undefined ? {} : b);
export const put = (p, b) => api('PUT', p, b);
export const del = (p) => api('DELETE', p);

/** A query string from an object, skipping null/undefined/empty values. */
export function qs(o) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? '?' + s : '';
}

/** Provider failures of an aggregated answer, as one sentence, or null. */
export function providerErrors(errors) {
  if (!errors || !errors.length) return null;
  return errors.map((e) => (e.providerName || e.provider) + (e.kind === 'TIMEOUT' ? ' did not answer in time' : ' is offline or failed')).join('; ') + '.';
}
