// Loopback HTTP tracker for bench/stream.sh, on bittorrent-tracker 11.x's server module (npm, installed by the
// script into its work folder). Announce interval 10 s. The package's own CLI pulls in WebRTC (native build).
// Usage: TRACKER_PORT=N node tracker.mjs   (listens on 127.0.0.1 only; logs one line per announce event)
import Server from 'bittorrent-tracker/server'
const port = parseInt(process.env.TRACKER_PORT || '6969', 10)
const server = new Server({ http: true, udp: false, ws: false, stats: false, interval: 10000, trustProxy: false })
// The server hands an announcing peer its own address back; clients then dial themselves. Leave it out.
const orig = server.createSwarm.bind(server)
server.createSwarm = (infoHash, cb) => orig(infoHash, (err, swarm) => {
  if (swarm) {
    const get = swarm._getPeers.bind(swarm)
    swarm._getPeers = (numwant, own, isWebRTC) => get(numwant + 1, own, isWebRTC).filter(p => p.peerId !== own).slice(0, numwant)
  }
  cb(err, swarm)
})
server.on('error', e => console.error('ERROR', e.message))
server.on('warning', e => console.error('WARN', e.message))
for (const ev of ['start', 'complete', 'stop', 'update']) server.on(ev, addr => console.log(ev, addr))
server.listen({ http: port }, { http: '127.0.0.1' }, () => console.log('LISTENING 127.0.0.1:' + port))
