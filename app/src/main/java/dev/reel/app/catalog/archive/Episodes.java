package dev.reel.app.catalog.archive;

import dev.reel.app.catalog.TorrentStreams;
import dev.reel.app.catalog.archive.IaItem.IaFile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The episodes of an Internet Archive item that holds a show: one episode per original video file, with the
 * Archive's derivatives of it ({@code source: derivative}, {@code original: <file>}, e.g. an MP4 made from an MPEG-2
 * original) as other versions of the same episode.
 *
 * <p>Numbering: when the title or the name of every episode gives its number — {@code S01E02}, {@code s1.e2},
 * {@code 1x02}, {@code Season 1 Episode 2}, {@code Episode 2} / {@code Ep. 2} (season 1) — and no two give the same,
 * those numbers, ordered by season and episode; otherwise season 1, numbered 1, 2, 3… in file-name order (digits
 * compared as numbers), since a guess for some files and not others would mix two orders. Titles are the file's
 * own {@code title} field, else its name without folder, extension and underscores. Stateless.
 */
final class Episodes {
  /** Most episodes listed for one item. */
  static final int MAX_EPISODES = 1000;
  private static final Pattern SXE = Pattern.compile("(?i)(?<![a-z0-9])s(\\d{1,2})[ ._-]?e(\\d{1,3})(?!\\d)");
  private static final Pattern NXN = Pattern.compile("(?<![0-9])(\\d{1,2})x(\\d{1,3})(?![0-9])");
  private static final Pattern SEASON_EPISODE = Pattern.compile(
      "(?i)\\bseason[ ._-]*(\\d{1,2})\\b.*?\\b(?:episode|ep)[ ._-]*(\\d{1,3})(?!\\d)");
  private static final Pattern EPISODE = Pattern.compile("(?i)(?<![a-z])(?:episode|ep)\\.?[ ._-]*(\\d{1,3})(?!\\d)");
  private static final Pattern DIGITS = Pattern.compile("\\d+|\\D+");

  /**
   * One episode.
   *
   * @param files its versions, best first: formats browsers play (MP4, WebM) first, then the original before
   *     derivatives, then larger before smaller
   */
  record Episode(int season, int episode, String title, List<IaFile> files) {
    IaFile main() {
      return files.get(0);
    }
  }

  /** A season and episode number. */
  record Number(int season, int episode) {}

  private Episodes() {}

  /** The item's episodes in order (see the class comment); empty when it has no video file. */
  static List<Episode> of(IaItem item) {
    Map<String, List<IaFile>> groups = new LinkedHashMap<>();
    for (IaFile f : item.files()) {
      if (TorrentStreams.isVideo(f.name())) {
        groups.computeIfAbsent(root(item, f), k -> new ArrayList<>()).add(f);
      }
    }
    List<String> roots = groups.keySet().stream().sorted(Episodes::natural).limit(MAX_EPISODES).toList();
    List<Number> numbers = new ArrayList<>();
    Set<Number> seen = new HashSet<>();
    boolean parsed = true;
    for (String r : roots) {
      Optional<Number> n = parse(title(item, r, groups.get(r))).or(() -> parse(baseName(r)));
      if (n.isEmpty() || !seen.add(n.get())) {
        parsed = false;
        break;
      }
      numbers.add(n.get());
    }
    List<Episode> out = new ArrayList<>();
    for (int i = 0; i < roots.size(); i++) {
      String r = roots.get(i);
      Number n = parsed ? numbers.get(i) : new Number(1, i + 1);
      out.add(new Episode(n.season(), n.episode(), title(item, r, groups.get(r)), best(groups.get(r))));
    }
    out.sort(Comparator.comparingInt(Episode::season).thenComparingInt(Episode::episode));
    return List.copyOf(out);
  }

  /** The episode numbered so, if any. */
  static Optional<Episode> find(List<Episode> episodes, int season, int episode) {
    return episodes.stream().filter(e -> e.season() == season && e.episode() == episode).findFirst();
  }

  /**
   * The original a video derives from (following at most a few steps), or the file itself. A derivative that does not
   * name its original joins the original video with the same name once the Archive's derivative suffixes
   * ({@code _512kb}, {@code .ia}) and the extension are removed ("ep1_512kb.mp4" from "ep1.avi").
   */
  private static String root(IaItem item, IaFile f) {
    if (f.derivative() && f.original() == null) {
      String stem = derivativeStem(f.name());
      return item.files().stream()
          .filter(o -> !o.derivative() && o != f && TorrentStreams.isVideo(o.name())
              && derivativeStem(o.name()).equals(stem))
          .map(IaFile::name).findFirst().orElse(f.name());
    }
    IaFile cur = f;
    for (int i = 0; i < 4 && cur.derivative() && cur.original() != null; i++) {
      Optional<IaFile> up = item.file(cur.original());
      if (up.isEmpty() || !TorrentStreams.isVideo(up.get().name())) {
        break;
      }
      cur = up.get();
    }
    return cur.name();
  }

  private static String derivativeStem(String name) {
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    return stem.replaceFirst("(_512kb|\\.ia)$", "");
  }

  private static List<IaFile> best(List<IaFile> versions) {
    return versions.stream()
        .sorted(Comparator.comparing((IaFile f) -> IaItem.webFormat(f.name()) ? 0 : 1)
            .thenComparing(f -> f.derivative() ? 1 : 0)
            .thenComparing(f -> f.size() == null ? 0 : -f.size()))
        .toList();
  }

  private static String title(IaItem item, String root, List<IaFile> versions) {
    Optional<String> own = item.file(root).map(IaFile::title)
        .or(() -> versions.stream().map(IaFile::title).filter(t -> t != null).findFirst());
    if (own.isPresent()) {
      return own.get();
    }
    String b = baseName(root);
    int dot = b.lastIndexOf('.');
    return (dot > 0 ? b.substring(0, dot) : b).replace('_', ' ').strip();
  }

  private static String baseName(String name) {
    return name.substring(name.lastIndexOf('/') + 1);
  }

  /** The season and episode a title or file name states, if it states one. */
  static Optional<Number> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    for (Pattern p : new Pattern[] {SXE, NXN, SEASON_EPISODE}) {
      Matcher m = p.matcher(text);
      if (m.find()) {
        return number(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
      }
    }
    Matcher m = EPISODE.matcher(text);
    if (m.find()) {
      return number(1, Integer.parseInt(m.group(1)));
    }
    return Optional.empty();
  }

  private static Optional<Number> number(int season, int episode) {
    return episode > 0 ? Optional.of(new Number(season, episode)) : Optional.empty();
  }

  /** Compares names with runs of digits as numbers ("ep2" before "ep10"), then as text. */
  static int natural(String a, String b) {
    Matcher x = DIGITS.matcher(a.toLowerCase(Locale.ROOT));
    Matcher y = DIGITS.matcher(b.toLowerCase(Locale.ROOT));
    while (x.find() && y.find()) {
      String p = x.group();
      String q = y.group();
      int c;
      if (Character.isDigit(p.charAt(0)) && Character.isDigit(q.charAt(0))) {
        String ps = p.replaceFirst("^0+(?=.)", "");
        String qs = q.replaceFirst("^0+(?=.)", "");
        c = ps.length() != qs.length() ? Integer.compare(ps.length(), qs.length()) : ps.compareTo(qs);
      } else {
        c = p.compareTo(q);
      }
      if (c != 0) {
        return c;
      }
    }
    int c = Integer.compare(a.length(), b.length());
    return c != 0 ? c : a.compareTo(b);
  }
}
