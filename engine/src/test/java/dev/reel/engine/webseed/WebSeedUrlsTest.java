package dev.reel.engine.webseed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.engine.metainfo.FileEntry;
import dev.reel.engine.metainfo.Metainfo;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebSeedUrlsTest {

  @ParameterizedTest(name = "{0} + {1} + {2}")
  @CsvSource(delimiter = '|', value = {
      // base                               | name                       | path (elements split by /)           | expected
      // BEP 19's own example
      "http://mirror.com/pub/               | michael                    | Readme.txt                           | http://mirror.com/pub/michael/Readme.txt",
      // a folder base without the trailing slash gets one
      "http://mirror.com/pub                | michael                    | Readme.txt                           | http://mirror.com/pub/michael/Readme.txt",
      // the Internet Archive: base + item id + file, spaces as %20 and parentheses escaped
      "https://archive.org/download/        | CosmosLaundromatFirstCycle | Cosmos Laundromat - First Cycle (1080p).mp4 | https://archive.org/download/CosmosLaundromatFirstCycle/Cosmos%20Laundromat%20-%20First%20Cycle%20%281080p%29.mp4",
      "http://ia801508.us.archive.org/14/items/ | item                    | sub/dir/file.txt                     | http://ia801508.us.archive.org/14/items/item/sub/dir/file.txt",
      // non-ASCII: UTF-8 bytes, percent-encoded
      "http://h/                            | Café                       | 日本/été.srt                          | http://h/Caf%C3%A9/%E6%97%A5%E6%9C%AC/%C3%A9t%C3%A9.srt",
      "http://h/                            | x                          | 🎬 film.mkv                           | http://h/x/%F0%9F%8E%AC%20film.mkv",
      // reserved characters never change the URL's structure
      "http://h/                            | a+b                        | 100%?#&=;,.txt                       | http://h/a%2Bb/100%25%3F%23%26%3D%3B%2C.txt",
      "http://h/                            | n                          | it's [1] @home!.txt                  | http://h/n/it%27s%20%5B1%5D%20%40home%21.txt",
      // unreserved characters stay
      "http://h/                            | n                          | a-b_c.d~e                            | http://h/n/a-b_c.d~e",
      // the base is used as given, already-encoded parts included
      "http://h/my%20dir/                   | n                          | f                                    | http://h/my%20dir/n/f",
      "https://h:8443/x/                    | n                          | f                                    | https://h:8443/x/n/f",
  })
  void multiFileUrls(String base, String name, String path, String expected) {
    List<FileEntry> files = List.of(new FileEntry(0, List.of(path.split("/")), 10, 0, false));

    WebSeedUrls urls = WebSeedUrls.of(name, true, files, base);

    assertThat(urls.fileUri(0)).hasToString(expected);
  }

  @ParameterizedTest(name = "{0} + {1}")
  @CsvSource(delimiter = '|', value = {
      // a base that does not end in '/' is the file itself (Big Buck Bunny's url-list)
      "http://distribution.bbb3d.renderfarming.net/video/mp4/bbb_sunflower_1080p_30fps_normal.mp4 | bbb.mp4 | http://distribution.bbb3d.renderfarming.net/video/mp4/bbb_sunflower_1080p_30fps_normal.mp4",
      "https://webtorrent.io/torrents/sintel-1024-surround.mp4 | sintel.mp4 | https://webtorrent.io/torrents/sintel-1024-surround.mp4",
      // a file URL may carry a query (a signed link); it is used verbatim
      "http://h/get?id=7&sig=x                                | f.bin      | http://h/get?id=7&sig=x",
      // a folder base gets the name appended
      "http://h/files/                                        | My Movie (2024).mkv | http://h/files/My%20Movie%20%282024%29.mkv",
  })
  void singleFileUrls(String base, String name, String expected) {
    List<FileEntry> files = List.of(new FileEntry(0, List.of(name), 10, 0, false));

    assertThat(WebSeedUrls.of(name, false, files, base).fileUri(0)).hasToString(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "http://h/x/            | true",
      "https://h/x            | true",
      "HTTP://Example.com/    | true",
      "ftp://h/pub/           | false",
      "magnet:?xt=urn:btih:00 | false",
      "/relative/path/        | false",
      "http:///no-host/       | false",
      "http://h/a b/          | false",
      "not a url              | false",
  })
  void onlyHttpAndHttpsWithAHostAreSupported(String url, boolean supported) {
    assertThat(WebSeedUrls.isSupported(url)).isEqualTo(supported);
  }

  @Test
  void folderBaseWithAQueryIsRejected() {
    List<FileEntry> files = List.of(new FileEntry(0, List.of("f"), 10, 0, false));

    assertThatThrownBy(() -> WebSeedUrls.of("n", true, files, "http://h/x?token=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query or fragment");
  }

  @Test
  void internetArchiveTorrentGivesOneUrlPerFileOnEachMirror() throws Exception {
    Metainfo m;
    try (InputStream in = getClass().getResourceAsStream("/torrents/cosmosLaundromat.torrent")) {
      m = Metainfo.parse(in.readAllBytes());
    }
    List<String> firstFileOnEachMirror = new ArrayList<>();
    for (String base : m.urlList()) {
      firstFileOnEachMirror.add(WebSeedUrls.of(m, base).fileUri(1).toString());
    }

    assertThat(firstFileOnEachMirror).containsExactly(
        "http://ia601508.us.archive.org/14/items/CosmosLaundromatFirstCycle/Cosmos%20Laundromat%20-%20First%20Cycle%20%281080p%29.mp4",
        "http://ia801508.us.archive.org/14/items/CosmosLaundromatFirstCycle/Cosmos%20Laundromat%20-%20First%20Cycle%20%281080p%29.mp4",
        "https://archive.org/download/CosmosLaundromatFirstCycle/Cosmos%20Laundromat%20-%20First%20Cycle%20%281080p%29.mp4");
  }
}
