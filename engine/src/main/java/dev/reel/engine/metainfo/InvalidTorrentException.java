package dev.reel.engine.metainfo;

/** A .torrent file or info dictionary that is malformed, over a limit or unsupported. The message says which. */
public final class InvalidTorrentException extends Exception {
  public InvalidTorrentException(String message) {
    super(message);
  }

  public InvalidTorrentException(String message, Throwable cause) {
    super(message, cause);
  }
}
