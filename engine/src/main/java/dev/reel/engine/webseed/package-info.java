/**
 * Web seeds: HTTP servers holding a torrent's files, used as always-unchoked seeds.
 *
 * <ul>
 *   <li>BEP 19 (WebSeed - HTTP/FTP Seeding, GetRight style): the {@code url-list} of a .torrent and the {@code ws}
 *       parameters of a magnet link; file URLs built as the BEP says ({@link dev.reel.engine.webseed.WebSeedUrls});
 *       byte ranges fetched with HTTP Range requests, several pieces per request as the BEP recommends ({@link
 *       dev.reel.engine.webseed.WebSeedClient}, {@link dev.reel.engine.webseed.WebSeedScheduler}); a URL that served
 *       a piece failing its hash check is discarded ({@link dev.reel.engine.webseed.WebSeedState#hashFailed}); a busy
 *       server is only backed off. Only http and https are used (the BEP lets a client ignore FTP).
 *   <li>BEP 47 (Padding files): padding files are zeros made locally and never requested ({@link
 *       dev.reel.engine.webseed.PieceSpan}), which is what makes Internet Archive torrents (a {@code
 *       ._____padding_file} folder between files) download from {@code archive.org/download/}.
 * </ul>
 *
 * <p>The package knows nothing of peers or the session: {@link dev.reel.engine.webseed.PieceClaims} is its whole view
 * of the torrent's progress. The scheduler and states are pure (time passed in); the client blocks a virtual thread
 * per request.
 *
 * <h2>What the session does to use web seeds</h2>
 *
 * <ol>
 *   <li><b>Seeds.</b> For each entry of {@code Metainfo.urlList()} (for a magnet: its {@code webSeeds()}, passed to
 *       {@code Metainfo.fromInfoBytes} once the metadata arrived) that {@link
 *       dev.reel.engine.webseed.WebSeedUrls#isSupported} accepts, make a {@link dev.reel.engine.webseed.WebSeedClient}
 *       (one {@link java.net.http.HttpClient} from {@link dev.reel.engine.webseed.WebSeedClient#newHttpClient} shared
 *       by the engine, closed on shutdown) and a {@link dev.reel.engine.webseed.WebSeedState}. A constructor's
 *       {@code IllegalArgumentException} means the URL is unusable: log it and skip it.
 *   <li><b>Claims.</b> Implement {@link dev.reel.engine.webseed.PieceClaims} over the piece picker, under the torrent
 *       lock: {@code tryClaim(p)} succeeds only if the picker wants {@code p} (priority above 0), does not have it,
 *       and has no block of it outstanding from a peer, and no web seed holds it; keep the web seeds' claims in a
 *       {@code BitSet}. When picking for a peer, leave the claimed pieces out (pass {@code peerHas} minus the claims to
 *       {@code PiecePicker.pick}). The picker needs a small accessor for "a peer is fetching this piece" (its
 *       downloading map); ask the picker's owner.
 *   <li><b>Scheduling.</b> Whenever something changes (a run ended, a seed's back-off expired, priorities or the
 *       reader's position changed, and on a periodic tick), call {@link
 *       dev.reel.engine.webseed.WebSeedScheduler#assign} with the seeds, the claims, the stream's critical pieces in
 *       deadline order (the pieces the picker has deadlines for) and the best peer download rate. The scheduler marks
 *       each assigned seed started and claims the pieces.
 *   <li><b>Fetching.</b> Run each assignment on a virtual thread: allocate (or take from a pool) a buffer of the
 *       run's bytes, call {@code client.fetch(firstPiece, 0, buffer)}. On success, {@code state.succeeded(...)}; then
 *       for each piece hash it in memory ({@code PieceHasher.sha1(ByteBuffer)}): good, write it to storage, tell the
 *       picker it is had ({@code pieceVerified}/{@code markHave}), send HAVE to peers, release the claim; bad, call
 *       {@code state.hashFailed(piece)} (the seed is dropped) and release the claim. On {@link
 *       dev.reel.engine.webseed.WebSeedException}, {@code state.failed(e, now)} (it backs the seed off, and
 *       remembers a file the seed lacks: 404, or another size on the server) and release every piece of the run.
 *       Stopping the torrent interrupts the fetch threads (the request is aborted). The test class {@code
 *       WebSeedOnlyDownload} is this loop without peers.
 *   <li><b>Accounting.</b> Count web seed bytes as downloaded (tracker stats), not as any peer's; show {@link
 *       dev.reel.engine.webseed.WebSeedState#snapshot} per seed in the torrent's status. A dropped seed stays dropped
 *       for the session's lifetime; a restart tries it again.
 * </ol>
 */
package dev.reel.engine.webseed;
