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
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only peer that claims to have every piece, unchokes at once and answers every request with random bytes.
 * Written with the wire codec; one virtual thread per connection.
 */
final class CorruptPeer implements AutoCloseable {
  private final ServerSocket server;
  private final InfoHash infoHash;
  final AtomicInteger blocksSent = new AtomicInteger();
  final AtomicInteger connections = new AtomicInteger();

  CorruptPeer(InfoHash infoHash) throws IOException {
    this.infoHash = infoHash;
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
    connections.incrementAndGet();
    Random random = new Random();
    try (s) {
      DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
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
      while (true) {
        Message m = MessageCodec.read(in);
        if (m instanceof Message.Request r) {
          byte[] junk = new byte[r.length()];
          random.nextBytes(junk);
          MessageCodec.write(new Message.Piece(r.piece(), r.offset(), ByteBuffer.wrap(junk)), out);
          out.flush();
          blocksSent.incrementAndGet();
        }
      }
    } catch (IOException e) {
      // Disconnected (or banned).
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
