// WebTorrent 2.8.5 (the library inside webtorrent-cli 5.1.3) as an HTTP streaming server for bench/stream.sh.
//   node wt_serve.mjs SOURCE DIR --port PEER_PORT --http HTTP_PORT
// SOURCE: a .torrent path or a magnet link. Prints "URL http://127.0.0.1:H/webtorrent/<ih>/<file>" once the
// metadata is known. The library, not the CLI: the CLI cannot turn DHT/LSD/UPnP/NAT-PMP off and binds all
// interfaces. Strategy 'sequential' (what webtorrent-cli uses).
import WebTorrent from 'webtorrent'
import fs from 'fs'
const [source, dir, ...rest] = process.argv.slice(2)
const arg = (k, d) => { const i = rest.indexOf('--' + k); return i >= 0 ? rest[i + 1] : d }
const client = new WebTorrent({
  dht: false, lsd: false, natUpnp: false, natPmp: false, utp: false, webSeeds: false,
  torrentPort: Number(arg('port', 0))
})
client.on('error', e => { console.log('ERROR', e.message); process.exit(1) })
fs.mkdirSync(dir, { recursive: true })
const torrent = client.add(source.startsWith('magnet:') ? source : fs.readFileSync(source), { path: dir, strategy: 'sequential' })
torrent.on('warning', e => console.log('warning', e.message || e))
const inst = client.createServer({}, 'node')
const http = Number(arg('http', 8000))
let listening = false, ready = false
const announce = () => {
  if (listening && ready) console.log(`URL http://127.0.0.1:${http}/webtorrent/${torrent.infoHash}/${encodeURIComponent(torrent.files[0].path)}`)
}
inst.server.listen(http, '127.0.0.1', () => { listening = true; announce() })
torrent.on('ready', () => { ready = true; announce() })
const bye = () => client.destroy(() => process.exit(0))
process.on('SIGTERM', bye); process.on('SIGINT', bye)
