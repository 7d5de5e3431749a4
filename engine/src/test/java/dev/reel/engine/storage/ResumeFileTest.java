package dev.reel.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.metainfo.InfoHash;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ResumeFileTest {
  @TempDir Path dir;

  static ResumeState stateA() {
    BitSet have = new BitSet();
    for (int i = 0; i < 1000; i += 3) {
      have.set(i);
    }
    return new ResumeState(InfoHash.fromHex("aa".repeat(20)), 1000, have,
        List.of(new FileStamp(123_456, 1_700_000_000_123L), FileStamp.MISSING, new FileStamp(0, 42)));
  }

  static ResumeState stateB() {
    BitSet have = new BitSet();
    have.set(0, 2047);
    return new ResumeState(InfoHash.fromHex("bb".repeat(20)), 2047, have, List.of(new FileStamp(7, 8)));
  }

  @Test
  void savedStateLoadsBackEqual() throws IOException {
    Path file = dir.resolve("t.resume");
    for (ResumeState s : List.of(stateA(), stateB(),
        new ResumeState(InfoHash.fromHex("cc".repeat(20)), 0, new BitSet(), List.of()))) {
      ResumeFile.save(file, s);
      assertThat(ResumeFile.load(file)).contains(s);
    }
    assertThat(dir.resolve("t.resume.tmp")).doesNotExist();
  }

  @Test
  void piecesAreStoredAsABep3Bitfield() {
    BitSet have = new BitSet();
    have.set(0);
    have.set(9);
    ByteBuffer b = ResumeFile.encode(new ResumeState(InfoHash.fromHex("00".repeat(20)), 10, have, List.of()));
    int header = 8 + 4 + 20 + 4;
    assertThat(b.get(header) & 0xff).isEqualTo(0x80);
    assertThat(b.get(header + 1) & 0xff).isEqualTo(0x40);
  }

  @Test
  void saveCreatesTheDirectoryAndReplacesAnOlderFile() throws IOException {
    Path file = dir.resolve("resume/sub/t.resume");
    ResumeFile.save(file, stateA());
    ResumeFile.save(file, stateB());
    assertThat(ResumeFile.load(file)).contains(stateB());
  }

  @Test
  void missingFileLoadsAsEmpty() {
    assertThat(ResumeFile.load(dir.resolve("none.resume"))).isEmpty();
    assertThat(ResumeFile.load(dir)).as("a directory").isEmpty();
  }

  @Test
  void everyTruncationLoadsAsEmpty() throws IOException {
    Path file = dir.resolve("t.resume");
    ResumeFile.save(file, stateA());
    byte[] whole = Files.readAllBytes(file);
    for (int n = 0; n < whole.length; n++) {
      Files.write(file, java.util.Arrays.copyOf(whole, n));
      assertThat(ResumeFile.load(file)).as("truncated to " + n + " bytes").isEmpty();
    }
  }

  @Test
  void everyDamagedByteLoadsAsEmpty() throws IOException {
    Path file = dir.resolve("t.resume");
    ResumeFile.save(file, stateB());
    byte[] whole = Files.readAllBytes(file);
    for (int i = 0; i < whole.length; i++) {
      byte[] bad = whole.clone();
      bad[i] ^= 0x10;
      Files.write(file, bad);
      assertThat(ResumeFile.load(file)).as("byte " + i + " damaged").isEmpty();
    }
    Files.write(file, whole);
    assertThat(ResumeFile.load(file)).contains(stateB());
  }

  @Test
  void unknownVersionAndForeignContentLoadAsEmpty() throws IOException {
    Path file = dir.resolve("t.resume");
    ByteBuffer b = ResumeFile.encode(stateB());
    byte[] bytes = new byte[b.remaining()];
    b.get(bytes);
    ByteBuffer.wrap(bytes).putInt(8, 99);
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 4);
    ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
    Files.write(file, bytes);
    assertThat(ResumeFile.load(file)).isEmpty();

    Files.writeString(file, "d8:completei1ee");
    assertThat(ResumeFile.load(file)).isEmpty();
    Files.write(file, new byte[0]);
    assertThat(ResumeFile.load(file)).isEmpty();
  }

  @Test
  void aTempFileLeftByACrashIsIgnored() throws IOException {
    Path file = dir.resolve("t.resume");
    Path tmp = dir.resolve("t.resume.tmp");
    Files.writeString(tmp, "half-written garbage");
    assertThat(ResumeFile.load(file)).as("only the temp file").isEmpty();

    ResumeFile.save(file, stateA());
    assertThat(tmp).doesNotExist();
    Files.write(tmp, java.util.Arrays.copyOf(Files.readAllBytes(file), 17));
    assertThat(ResumeFile.load(file)).contains(stateA());
    ResumeFile.save(file, stateB());
    assertThat(ResumeFile.load(file)).contains(stateB());
  }

  @Test
  @Timeout(120)
  void aProcessKilledWhileSavingLeavesALoadableFile() throws Exception {
    Path file = dir.resolve("killed.resume");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (int saves : new int[] {20, 60, 140}) {
      Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          ResumeSaverMain.class.getName(), file.toString())
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null && !line.equals("saved " + saves)) {
          // Wait until the child has saved this many times.
        }
        assertThat(line).as("child output").isEqualTo("saved " + saves);
        p.destroyForcibly(); // SIGKILL, mid-save most likely
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      } finally {
        p.destroyForcibly();
      }
      Optional<ResumeState> loaded = ResumeFile.load(file);
      assertThat(loaded).isPresent();
      assertThat(loaded.get()).isIn(stateA(), stateB());
    }
  }

  @Test
  void stateCopiesItsBitSetAndDropsBitsPastThePieceCount() {
    BitSet have = new BitSet();
    have.set(3);
    have.set(10);
    ResumeState s = new ResumeState(InfoHash.fromHex("dd".repeat(20)), 5, have, List.of());
    have.set(4);
    assertThat(s.have().stream().toArray()).containsExactly(3);
    s.have().set(0);
    assertThat(s.have().stream().toArray()).containsExactly(3);
  }

  // Pieces of 100 bytes: a [0,250) pieces 0-2 | pad [250,300) | b [300,420) pieces 3-4 | c [420,700) pieces 4-6.
  private static final StorageLayout LAYOUT = StorageLayout.builder(100)
      .file("t/a", 250).padding(50).file("t/b", 120).file("t/c", 280).file("t/empty", 0).build();

  private ResumeState downloadedAndSaved(Path root) throws IOException {
    try (FileStorage s = new FileStorage(root, LAYOUT)) {
      StorageContract.writeAll(s, LAYOUT, StorageContract.data(LAYOUT.totalLength(), 50), 64);
      s.createEmptyFiles();
      s.flush();
    }
    BitSet all = new BitSet();
    all.set(0, LAYOUT.pieceCount());
    ResumeState state = new ResumeState(InfoHash.fromHex("ee".repeat(20)), LAYOUT.pieceCount(), all,
        ResumeFile.stamps(LAYOUT, root));
    Path file = dir.resolve("state.resume");
    ResumeFile.save(file, state);
    return ResumeFile.load(file).orElseThrow();
  }

  @Test
  void unchangedFilesKeepAllTheirPieces() throws IOException {
    Path root = dir.resolve("data");
    ResumeState state = downloadedAndSaved(root);
    assertThat(ResumeFile.trusted(state, LAYOUT, root)).isEqualTo(state.have());
    assertThat(state.files().get(1)).as("padding").isEqualTo(FileStamp.MISSING);
  }

  @Test
  void aTouchedFileLosesItsPiecesIncludingSharedOnes() throws IOException {
    Path root = dir.resolve("data");
    ResumeState state = downloadedAndSaved(root);
    Path b = root.resolve("t/b");
    Files.setLastModifiedTime(b, FileTime.fromMillis(Files.getLastModifiedTime(b).toMillis() - 5_000));
    assertThat(ResumeFile.trusted(state, LAYOUT, root).stream().toArray()).containsExactly(0, 1, 2, 5, 6);
  }

  @Test
  void aResizedOrMissingFileLosesItsPieces() throws IOException {
    Path root = dir.resolve("data");
    ResumeState state = downloadedAndSaved(root);
    Path a = root.resolve("t/a");
    FileTime mtime = Files.getLastModifiedTime(a);
    Files.write(a, new byte[10], java.nio.file.StandardOpenOption.APPEND);
    Files.setLastModifiedTime(a, mtime);
    assertThat(ResumeFile.trusted(state, LAYOUT, root).stream().toArray()).containsExactly(3, 4, 5, 6);
    Files.delete(root.resolve("t/c"));
    assertThat(ResumeFile.trusted(state, LAYOUT, root).stream().toArray()).containsExactly(3);
  }

  @Test
  void aStateForAnotherLayoutTrustsNothing() throws IOException {
    Path root = dir.resolve("data");
    ResumeState state = downloadedAndSaved(root);
    StorageLayout other = StorageLayout.builder(50).file("t/a", 700).build();
    assertThat(ResumeFile.trusted(state, other, root).isEmpty()).isTrue();
    List<FileStamp> fewer = new ArrayList<>(state.files());
    fewer.remove(0);
    ResumeState short1 = new ResumeState(state.infoHash(), state.pieceCount(), state.have(), fewer);
    assertThat(ResumeFile.trusted(short1, LAYOUT, root).isEmpty()).isTrue();
  }
}
