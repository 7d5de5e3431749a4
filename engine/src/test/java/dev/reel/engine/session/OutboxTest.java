package dev.reel.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.wire.Message;
import org.junit.jupiter.api.Test;

class OutboxTest {
  @Test
  void protocolMessagesOvertakeQueuedBlocks() throws Exception {
    Outbox box = new Outbox();
    PeerConnection.Serve b1 = new PeerConnection.Serve(0, 0, 16384);
    PeerConnection.Serve b2 = new PeerConnection.Serve(0, 16384, 16384);
    assertThat(box.addServe(b1, 10)).isTrue();
    assertThat(box.addServe(b2, 10)).isTrue();
    box.add(new Message.Have(3));
    assertThat(box.poll()).isEqualTo(new Message.Have(3));
    assertThat(box.poll()).isEqualTo(b1);
    assertThat(box.take()).isEqualTo(b2);
    assertThat(box.poll()).isNull();
  }

  @Test
  void queueLimitCancelAndDrain() {
    Outbox box = new Outbox();
    PeerConnection.Serve a = new PeerConnection.Serve(1, 0, 100);
    PeerConnection.Serve b = new PeerConnection.Serve(2, 0, 100);
    assertThat(box.addServe(a, 1)).isTrue();
    assertThat(box.addServe(b, 1)).as("over the limit").isFalse();
    assertThat(box.cancel(a)).isTrue();
    assertThat(box.cancel(a)).isFalse();
    box.addServe(a, 5);
    box.addServe(b, 5);
    assertThat(box.drainServes()).containsExactly(a, b);
    assertThat(box.serveCount()).isZero();
  }

  @Test
  void takeReturnsNullOnceClosed() throws Exception {
    Outbox box = new Outbox();
    Thread closer = Thread.ofVirtual().start(box::close);
    closer.join();
    assertThat(box.take()).isNull();
    box.add(Message.KeepAlive.INSTANCE);
    assertThat(box.poll()).isNull();
  }
}
