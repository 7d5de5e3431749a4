package dev.reel.engine.picker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Candidate pieces grouped by (priority, availability) so that rarest-first order never needs a sort: each group is
 * an unordered bag with O(1) add, remove and move (swap with the last element), like libtorrent's priority
 * boundaries. Iteration visits priority 7 down to 1, availability 0 upwards, and inside a bag starts at a random
 * offset, which is the random tie-break among equally rare pieces. Not thread-safe.
 */
final class PieceBuckets {
  /** levels[prio][avail] = the bag of pieces with that priority and availability. */
  private final List<List<Bag>> levels = new ArrayList<>();
  private final int[] prioOf;
  private final int[] availOf;
  private final int[] posOf;

  PieceBuckets(int pieceCount) {
    prioOf = new int[pieceCount];
    availOf = new int[pieceCount];
    posOf = new int[pieceCount];
    for (int p = 0; p <= PiecePicker.MAX_PRIORITY; p++) {
      levels.add(new ArrayList<>());
    }
  }

  boolean contains(int piece) {
    return prioOf[piece] > 0;
  }

  /** Puts the piece in its bag, or moves it if (prio, avail) changed; prio 0 removes it. */
  void place(int piece, int prio, int avail) {
    if (prioOf[piece] == prio && availOf[piece] == avail) {
      return;
    }
    remove(piece);
    if (prio <= 0) {
      return;
    }
    Bag bag = bag(prio, avail);
    posOf[piece] = bag.size;
    bag.add(piece);
    prioOf[piece] = prio;
    availOf[piece] = avail;
  }

  void remove(int piece) {
    int prio = prioOf[piece];
    if (prio == 0) {
      return;
    }
    Bag bag = levels.get(prio).get(availOf[piece]);
    int pos = posOf[piece];
    int last = bag.items[bag.size - 1];
    bag.items[pos] = last;
    posOf[last] = pos;
    bag.size--;
    prioOf[piece] = 0;
  }

  /** Number of availability bags at this priority (some may be empty). */
  int availLevels(int prio) {
    return levels.get(prio).size();
  }

  int size(int prio, int avail) {
    return levels.get(prio).get(avail).size;
  }

  int get(int prio, int avail, int index) {
    return levels.get(prio).get(avail).items[index];
  }

  private Bag bag(int prio, int avail) {
    List<Bag> level = levels.get(prio);
    while (level.size() <= avail) {
      level.add(new Bag());
    }
    return level.get(avail);
  }

  private static final class Bag {
    int[] items = new int[8];
    int size;

    void add(int piece) {
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2);
      }
      items[size++] = piece;
    }
  }
}
