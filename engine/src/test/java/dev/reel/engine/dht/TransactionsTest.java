package dev.reel.engine.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class TransactionsTest {
  private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 1000);
  private static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 1001);

  @Test
  void replyMatchesOnlyFromTheQueriedAddress() {
    Transactions<String> t = new Transactions<>(new SecureRandom(), 10);
    byte[] id = t.register(A, null, 100, "q1");
    assertThat(t.match(id, B)).as("forged from elsewhere").isNull();
    assertThat(t.match(new byte[] {1, 2}, A)).as("unknown id").isNull();
    assertThat(t.pendingTo(A)).isTrue();
    assertThat(t.match(id, A).reply()).isEqualTo("q1");
    assertThat(t.match(id, A)).as("matched once only").isNull();
    assertThat(t.pendingTo(A)).isFalse();
  }

  @Test
  void expiresAtTheDeadlineAndIsBounded() {
    Transactions<String> t = new Transactions<>(new SecureRandom(), 2);
    t.register(A, null, 100, "early");
    t.register(B, null, 200, "late");
    assertThat(t.register(A, null, 300, "third")).as("full").isNull();
    assertThat(t.expire(99)).isEmpty();
    assertThat(t.expire(100)).extracting(Transactions.Pending::reply).containsExactly("early");
    assertThat(t.size()).isEqualTo(1);
    assertThat(t.clear()).extracting(Transactions.Pending::reply).containsExactly("late");
  }
}
