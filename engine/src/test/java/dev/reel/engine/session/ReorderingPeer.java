package dev.reel.engine.session;

import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.wire.Handshake;
import dev.reel.engine.wire.Message;
import dev.reel.engine.wire.MessageCodec;
import dev.reel.engine.wire.PeerIds;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only seed with the right data that answers requests out of order: it collects the requests that have
 * arrived (at least {@code batch}, or fewer when no more are pending) and sends their blocks last-asked first, so
 * the blocks of a piece arrive after the blocks that follow them. Written with the wire codec; one virtual thread per
 * connection.
 */
final class ReorderingPeer implements AutoCloseable {
  private final ServerSocket server;
  private final InfoHash infoHash;
  private final byte[] content;
  private final int pieceLength;
  private final int batch;
  final AtomicInteger blocksSent = new AtomicInteger();
  /** Blocks sent before a block asked for earlier (each one arrives ahead of the prefix). */
  final AtomicInteger blocksReordered = new AtomicInteger();

  /** @param content the torrent's bytes (all files, concatenated) */
  ReorderingPeer(InfoHash infoHash, byte[] content, int pieceLength, int batch) throws IOException {
    this.infoHash = infoHash;
    this.content = content;
    this.pieceLength = pieceLength;
    this.batch = batch;
    this.server = new ServerSocket(0, 16, Loopback.LOCALHOST);
    Thread.ofVirtual().start(this::acceptLoop);
  }

  InetSocketAddress address() {
    return new InetSocketAddress(Loopback.LOCALHOST, server.getLocalPort());
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread.ofVirtual().start(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      BufferedInputStream raw = new BufferedInputStream(s.getInputStream());
      DataInputStream in = new DataInputStream(raw);
      OutputStream out = new BufferedOutputStream(s.getOutputStream());
      Handshake theirs = Handshake.read(in);
      if (!theirs.infoHash().equals(infoHash)) {
        return;
      }
      byte[] reserved = new byte[8];
      reserved[7] |= 0x04;
      new Handshake(reserved, infoHash, PeerIds.generate()).write(out);
      MessageCodec.write(Message.HaveAll.INSTANCE, out);
      MessageCodec.write(Message.Unchoke.INSTANCE, out);
      out.flush();
      List<Message.Request> pending = new ArrayList<>();
      while (true) {
        Message m = MessageCodec.read(in);
        if (m instanceof Message.Request r) {
          pending.add(r);
        }
        if (pending.isEmpty() || (pending.size() < batch && raw.available() > 0)) {
          continue;
        }
        if (pending.size() > 1) {
          blocksReordered.addAndGet(pending.size() - 1);
        }
        for (int i = pending.size() - 1; i >= 0; i--) {
          Message.Request q = pending.get(i);
          int at = q.piece() * pieceLength + q.offset();
          MessageCodec.write(new Message.Piece(q.piece(), q.offset(), ByteBuffer.wrap(content, at, q.length())), out);
          blocksSent.incrementAndGet();
        }
        out.flush();
        pending.clear();
      }
    } catch (IOException e) {
      // Disconnected.
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
