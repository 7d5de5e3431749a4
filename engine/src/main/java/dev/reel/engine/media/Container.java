package dev.reel.engine.media;

/** The container formats {@link ContainerProbe} tells apart, with the MIME type an HTTP server should send. */
public enum Container {
  /** ISO base media file format: MP4, MOV, M4V, 3GP (an {@code ftyp} box, or a bare QuickTime top-level box). */
  MP4("video/mp4"),
  /** Matroska: EBML header with DocType {@code matroska} (or none). */
  MATROSKA("video/x-matroska"),
  /** WebM: EBML header with DocType {@code webm}. */
  WEBM("video/webm"),
  /** AVI: {@code RIFF....AVI }. */
  AVI("video/x-msvideo"),
  /** MPEG transport stream: sync byte 0x47 every 188 bytes (or 192 for M2TS). */
  MPEG_TS("video/mp2t"),
  /** Anything else. */
  UNKNOWN("application/octet-stream");

  private final String mimeType;

  Container(String mimeType) {
    this.mimeType = mimeType;
  }

  public String mimeType() {
    return mimeType;
  }
}
