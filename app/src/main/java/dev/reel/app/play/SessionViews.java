package dev.reel.app.play;

import dev.reel.app.catalog.TorrentStreams;
import dev.reel.app.stream.StreamRoutes;
import dev.reel.engine.FileStatus;
import dev.reel.engine.Torrent;
import dev.reel.engine.TorrentStatus;
import dev.reel.engine.metainfo.FileEntry;
import dev.reel.engine.metainfo.Metainfo;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds a {@link SessionView} from a session's torrent: file, stream URL, buffered ranges, rates, ETA. */
final class SessionViews {
  private SessionViews() {}

  static SessionView of(PlaySession s, URI base, PieceMap pieces) {
    Torrent t = s.torrent;
    TorrentStatus st = t.status();
    Optional<Metainfo> m = t.metainfo();
    int idx = s.fileIndex;
    List<FileStatus> files = t.files();
    FileStatus fs = idx >= 0 && idx < files.size() ? files.get(idx) : null;
    String name = null;
    long length = 0;
    long verified = 0;
    List<SessionView.Range> buffered = List.of();
    String streamUrl = null;
    String streamPath = null;
    if (m.isPresent() && fs != null) {
      FileEntry fe = m.get().files().get(idx);
      name = fe.path().get(fe.path().size() - 1);
      length = fe.length();
      verified = fs.verifiedBytes();
      buffered = verified >= length ? (length == 0 ? List.of() : List.of(new SessionView.Range(0, length)))
          : pieces.ranges(t.infoHash(), fe.offset(), fe.length(), m.get().pieceLength());
      URI stream = StreamRoutes.streamUri(base, t.infoHash().hex(), idx, name);
      streamUrl = stream.toString();
      streamPath = stream.getRawPath();
    }
    List<SessionView.FileView> fileViews = new ArrayList<>();
    for (FileStatus f : files) {
      if (!f.padding()) {
        String last = f.path().substring(f.path().lastIndexOf('/') + 1);
        fileViews.add(new SessionView.FileView(f.index(), f.path(), f.length(), f.progress(),
            TorrentStreams.isVideo(last)));
      }
    }
    boolean complete = fs != null && fs.verifiedBytes() >= fs.length();
    long bufferedAhead = idx >= 0 && m.isPresent() ? t.bufferedAhead(idx) : 0;
    double rate = st.downloadRate();
    Long eta = null;
    if (fs != null && complete) {
      eta = 0L;
    } else if (fs != null && rate > 0) {
      eta = (long) Math.ceil((fs.length() - fs.verifiedBytes()) / rate);
    }
    return new SessionView(s.id, t.infoHash().hex(), idx, name, st.name(), length, streamUrl, streamPath,
        StreamRoutes.playlistUri(base, t.infoHash().hex()).toString(), state(s, st, complete),
        length == 0 ? (complete ? 1.0 : 0.0) : (double) verified / length, verified, buffered, bufferedAhead, rate,
        st.uploadRate(), st.peers(), st.seeds(), eta, st.error().orElse(null), fileViews, s.item, complete, s.kept,
        s.createdAt.toString());
  }

  private static String state(PlaySession s, TorrentStatus st, boolean complete) {
    if (s.stopped) {
      return "stopped";
    }
    return switch (st.state()) {
      case FETCHING_METADATA -> "metadata";
      case CHECKING -> "checking";
      case DOWNLOADING -> complete ? "finished" : "downloading";
      case SEEDING -> "finished";
      case PAUSED -> "paused";
      case ERROR -> "error";
      case REMOVED -> "stopped";
    };
  }
}
