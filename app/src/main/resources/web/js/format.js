// Small formatting helpers.
export function bytes(n) {
  if (n === null || n === undefined || isNaN(n)) return '';
  const u = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1000 && i < u.length - 1) { n /= 1000; i++; }
  return (i === 0 ? n : n.toFixed(n < 10 ? 1 : 0)) + ' ' + u[i];
}
export const rate = (n) => bytes(n || 0) + '/s';
export function clock(s) {
  if (!isFinite(s) || s < 0) s = 0;
  s = Math.floor(s);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  const mm = h ? String(m).padStart(2, '0') : String(m);
  return (h ? h + ':' : '') + mm + ':' + String(sec).padStart(2, '0');
}
export function year(item) {
  const m = /\d{4}/.exec(String(item?.releaseInfo ?? item?.year ?? item?.released ?? ''));
  return m ? Number(m[0]) : null;
}
export function runtime(r) {
  if (!r) return null;
  if (typeof r === 'number') return r >= 60 ? Math.floor(r / 60) + ' h ' + (r % 60) + ' min' : r + ' min';
  return String(r);
}
/** Colour (hue) from a string's hash, for generated posters. */
export function hue(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619); }
  h ^= h >>> 13; h = Math.imul(h, 0x5bd1e995); h ^= h >>> 15; // mix, so titles differing in one letter differ in colour
  return (h >>> 0) % 360;
}
