package dev.reel.engine;

/** How much a file is wanted. SKIP files are not downloaded (pieces shared with wanted files still are). */
public enum FilePriority {
  SKIP(0),
  NORMAL(1),
  HIGH(7);

  private final int level;

  FilePriority(int level) {
    this.level = level;
  }

  /** Piece-picker priority level: 0 = skip, 1 = normal, 7 = highest. */
  public int level() {
    return level;
  }
}
