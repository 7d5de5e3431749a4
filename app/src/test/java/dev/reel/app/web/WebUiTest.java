package dev.reel.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import dev.reel.app.serve.ReelServer;
import dev.reel.app.serve.ServeConfig;
import dev.reel.engine.testkit.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI in Debian's headless Chromium (Playwright for Java, no browser download), against a real Reel server
 * whose providers are a local Stremio-protocol addon and whose films come from a loopback swarm ({@link UiSwarm}).
 * The tests run in order on one page, like a person: add the provider, browse, search, open a film, play it, seek,
 * use the keyboard, add to favourites, change a setting, paste a magnet, drop a .torrent. Every page is saved as a
 * screenshot at desktop (1280x800) and phone (390x844) size under {@code target/screenshots/}. The browser may only
 * reach 127.0.0.1: any other request is aborted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiTest {
  static final String CHROMIUM = "/usr/bin/chromium";
  static final Path SHOTS = Path.of("target", "screenshots");
  static final double TIMEOUT_MS = 45_000;

  @TempDir static Path tmp;
  UiSwarm swarm;
  ReelServer server;
  Playwright playwright;
  Browser browser;
  BrowserContext context;
  Page page;
  String base;
  final List<String> dialogs = new CopyOnWriteArrayList<>();
  final List<String> consoleErrors = new CopyOnWriteArrayList<>();
  final List<String> blocked = new CopyOnWriteArrayList<>();

  @BeforeAll
  void start() throws Exception {
    Tools.requireExecutable(CHROMIUM);
    swarm = new UiSwarm(tmp.resolve("swarm"));
    ServeConfig d = ServeConfig.defaults(tmp.resolve("data"), tmp.resolve("cache"))
        .withPorts(0, 0)
        .withArchive(swarm.http.uri("/ia/"), Duration.ofSeconds(3), false); // no archive there: "offline"
    ServeConfig config = new ServeConfig(d.dataDir(), d.cacheDir(), d.httpPort(), d.peerPort(), false, null,
        d.archiveBase(), d.catalogTimeout(), false, d.cacheLimitBytes(), d.idleTimeout(), d.maintenanceInterval(),
        Duration.ofSeconds(2), d.clock()).withPlayerDirs(List.of(tmp.resolve("bin")));
    Path fake = tmp.resolve("bin").resolve("mpv"); // records its arguments, one a line
    Files.createDirectories(fake.getParent());
    Path args = tmp.resolve("mpv-args.txt");
    Files.writeString(fake, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" + args + ".part'\n"
        + "mv '" + args + ".part' '" + args + "'\n");
    Files.setPosixFilePermissions(fake, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    server = ReelServer.start(config, "test");
    base = "http://127.0.0.1:" + server.port();
    Files.createDirectories(SHOTS);

    playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(Path.of(CHROMIUM)).setHeadless(true)
        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--autoplay-policy=no-user-gesture-required"))); // launch() uses a fresh temporary profile
    context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
    context.route(url -> !url.startsWith(base + "/") && !url.startsWith("data:"), route -> {
      blocked.add(route.request().resourceType() + " " + route.request().url());
      route.abort();
    });
    page = context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    page.onDialog(dialog -> {
      dialogs.add(dialog.type() + ": " + dialog.message());
      dialog.dismiss();
    });
    page.onConsoleMessage(m -> {
      if (m.type().equals("error")) consoleErrors.add(m.text());
    });
    page.onPageError(e -> consoleErrors.add("page error: " + e));
  }

  @AfterAll
  void stop() {
    if (playwright != null) playwright.close();
    if (server != null) server.close();
    if (swarm != null) swarm.close();
  }

  /** The page as the last test left it (for a failure's post-mortem), and what the console said. */
  @AfterEach
  void after(TestInfo info) {
    if (page == null) return;
    page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("last").resolve(info.getTestMethod().orElseThrow().getName() + ".png")));
    if (!consoleErrors.isEmpty()) System.out.println("console errors so far: " + consoleErrors);
  }

  void go(String hashPath) {
    page.navigate(base + "/#" + hashPath);
  }

  /** Saves the page at desktop and phone width. */
  void shot(String name) {
    page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + "-desktop.png")));
    page.setViewportSize(390, 844);
    page.waitForTimeout(150); // one layout pass; screenshots only, nothing asserted on it
    page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + "-phone.png")));
    page.setViewportSize(1280, 800);
  }

  Object js(String expression) {
    return page.evaluate(expression);
  }

  void waitFor(String predicate) {
    page.waitForFunction(predicate, null, new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS).setPollingInterval(100));
  }

  @Test
  @Order(1)
  void settingsAddTheProviderAndSaveASetting() {
    go("/settings");
    page.getByLabel("Add a Stremio add-on (manifest URL)").fill(swarm.manifestUrl());
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add").setExact(true)).click();
    page.getByText("Loopback Films").waitFor();

    Locator limit = page.getByLabel("Download limit (KiB/s)");
    limit.fill("4321");
    assertThat(page.getByLabel("Encryption").inputValue()).isEqualTo("enabled");
    page.getByLabel("Encryption").selectOption(new SelectOption()
        .setLabel("Require encryption"));
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save settings")).click();
    page.getByText("Settings saved.").waitFor();
    shot("settings");
    page.reload();
    assertThat(page.getByLabel("Download limit (KiB/s)").inputValue()).isEqualTo("4321");
    assertThat(page.getByLabel("Encryption").inputValue()).isEqualTo("required");
    assertThat(server.library().settings().get().encryption()).isEqualTo("required");
    // and back to unlimited so the swarm is not slowed by the test itself (encryption applies at the next start)
    page.getByLabel("Download limit (KiB/s)").fill("0");
    page.getByLabel("Encryption").selectOption("enabled");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save settings")).click();
    page.getByText("Settings saved.").waitFor();
  }

  @Test
  @Order(2)
  void homeShowsTheProvidersRows() {
    go("/");
    page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Loopback films · Loopback Films")).waitFor();
    page.locator("a.card", new Page.LocatorOptions().setHasText(UiSwarm.FILM_TITLE)).first().waitFor();
    page.getByText("Internet Archive: Feature Films is offline or not answering right now.").waitFor();
    page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Shows · Internet Archive: Television")).waitFor();
    page.locator("section.row a.card", new Page.LocatorOptions().setHasText(UiSwarm.TV_TITLE)).waitFor();
    shot("home");
  }

  @Test
  @Order(3)
  void browseScrollsForMoreAndSearchFindsATitleAsYouType() {
    go("/browse");
    page.locator(".grid a.card").first().waitFor();
    waitFor("() => document.querySelectorAll('.grid a.card').length === 40");
    shot("browse");
    page.mouse().wheel(0, 20000);
    waitFor("() => document.querySelectorAll('.grid a.card').length > 40");
    page.evaluate("window.scrollTo(0, 0)");
    page.getByLabel("Search", new Page.GetByLabelOptions().setExact(true)).pressSequentially("reel test", new Locator.PressSequentiallyOptions().setDelay(30));
    waitFor("() => location.hash.includes('q=reel')");
    page.locator(".grid a.card", new Page.LocatorOptions().setHasText(UiSwarm.FILM_TITLE)).waitFor();
    waitFor("() => [...document.querySelectorAll('.grid a.card')].every(c => c.textContent.includes('Reel Test'))");
    shot("search");
  }

  @Test
  @Order(4)
  void detailsFavouriteSurvivesAReload() {
    page.locator(".grid a.card", new Page.LocatorOptions().setHasText(UiSwarm.FILM_TITLE)).click();
    page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(UiSwarm.FILM_TITLE).setExact(true)).waitFor();
    page.locator("button.stream").first().waitFor();
    Locator fav = page.locator("button.fav");
    assertThat(fav.getAttribute("aria-pressed")).isEqualTo("false");
    fav.click();
    waitFor("() => document.querySelector('button.fav').getAttribute('aria-pressed') === 'true'");
    shot("details");
    page.reload();
    page.locator("button.stream").first().waitFor();
    assertThat(page.locator("button.fav").getAttribute("aria-pressed")).isEqualTo("true");
  }

  @Test
  @Order(5)
  void playsFromTheSwarmShowsDownloadedRangesAndSeeksFarAhead() {
    assertThat(js("document.createElement('video').canPlayType('video/mp4; codecs=\"avc1.42E01E, mp4a.40.2\"')"))
        .as("this Chromium plays H.264/AAC").isNotEqualTo("");
    page.locator("button.stream").first().click();
    waitFor("() => location.hash.startsWith('#/play/')");
    waitFor("() => { const v = document.querySelector('video'); return v && v.currentTime > 1.5; }");
    waitFor("() => [...document.querySelectorAll('.seek .downloaded')].some(d => Number(d.dataset.to) > Number(d.dataset.from))");
    assertThat(js("document.querySelector('.seek').getAttribute('aria-valuetext')").toString()).contains(" of 1:00");
    shot("player");

    // a seek far ahead, by clicking the seek bar at 85 %
    Locator seek = page.locator(".seek");
    var box = seek.boundingBox();
    page.mouse().click(box.x + box.width * 0.85, box.y + box.height / 2);
    waitFor("() => document.querySelector('video').currentTime > 50");
    double at = ((Number) js("document.querySelector('video').currentTime")).doubleValue();
    waitFor("() => { const v = document.querySelector('video'); return !v.paused && v.currentTime > " + (at + 1) + "; }");
  }

  @Test
  @Order(6)
  void keyboardShortcutsAct() {
    page.locator("video").waitFor();
    js("document.activeElement && document.activeElement.blur()"); // keys go to the page, not a control
    waitFor("() => !document.querySelector('video').paused");
    page.keyboard().press("Space");
    waitFor("() => document.querySelector('video').paused");
    page.keyboard().press("Space");
    waitFor("() => !document.querySelector('video').paused");

    js("document.querySelector('video').currentTime = 20");
    waitFor("() => document.querySelector('video').currentTime >= 20");
    page.keyboard().press("ArrowLeft");
    waitFor("() => document.querySelector('video').currentTime < 15");
    page.keyboard().press("ArrowRight");
    waitFor("() => document.querySelector('video').currentTime >= 19");

    page.keyboard().press("ArrowDown");
    waitFor("() => Math.abs(document.querySelector('video').volume - 0.9) < 0.01");
    page.keyboard().press("ArrowUp");
    waitFor("() => document.querySelector('video').volume === 1");
    page.keyboard().press("m");
    waitFor("() => document.querySelector('video').muted");
    page.keyboard().press("m");
    waitFor("() => !document.querySelector('video').muted");

    page.keyboard().press("c");
    waitFor("() => { const t = document.querySelector('video').textTracks; return t.length === 1 && t[0].mode === 'showing'; }");
    waitFor("() => { const t = document.querySelector('video').textTracks[0]; return t.cues && t.cues.length === 2; }");
    assertThat(js("document.querySelector('video').textTracks[0].cues[0].text")).isEqualTo("Hello from the loopback swarm");
    double start = ((Number) js("document.querySelector('video').textTracks[0].cues[0].startTime")).doubleValue();
    page.keyboard().press("h");
    waitFor("() => Math.abs(document.querySelector('video').textTracks[0].cues[0].startTime - " + (start + 0.1) + ") < 0.01");
    page.keyboard().press("g");
    waitFor("() => Math.abs(document.querySelector('video').textTracks[0].cues[0].startTime - " + start + ") < 0.01");

    page.keyboard().press("f");
    waitFor("() => document.fullscreenElement !== null");
    page.keyboard().press("f");
    waitFor("() => document.fullscreenElement === null");
  }

  @Test
  @Order(7)
  void continueWatchingResumesWhereItStopped() {
    js("document.querySelector('video').currentTime = 30");
    waitFor("() => document.querySelector('video').currentTime >= 30");
    page.keyboard().press("Space");
    waitFor("() => document.querySelector('video').paused");
    go("/"); // leaving the player saves the position
    Locator card = page.locator("#continue a.card", new Page.LocatorOptions().setHasText(UiSwarm.FILM_TITLE));
    card.waitFor();
    shot("home-continue");
    card.click();
    page.getByText("You stopped at 0 min").waitFor();
    page.locator("button.stream").first().click();
    waitFor("() => { const v = document.querySelector('video'); return v && v.currentTime > 0; }");
    assertThat(((Number) js("document.querySelector('video').currentTime")).doubleValue()).isGreaterThanOrEqualTo(29);
    page.getByText("Resumed at 0:30").waitFor();
  }

  @Test
  @Order(8)
  void libraryListsTheFavouriteAndTheHistory() {
    go("/library/favourites");
    page.locator(".grid a.card", new Page.LocatorOptions().setHasText(UiSwarm.FILM_TITLE)).waitFor();
    shot("library");
    go("/library/history");
    page.locator(".history li", new Page.LocatorOptions().setHasText(UiSwarm.FILM_TITLE)).first().waitFor();
  }

  @Test
  @Order(9)
  void seriesDetailsShowSeasonsAndEpisodes() {
    go("/title/series/rt%3Ashow");
    page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(UiSwarm.SHOW_TITLE).setExact(true)).waitFor();
    page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Season 1")).waitFor();
    page.locator(".episode-list li").nth(2).waitFor();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Mark watched: Pilot")).click();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Watched: Pilot")).waitFor();
    shot("series");
    page.reload();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Watched: Pilot")).waitFor();

    // play episode 1, then "next episode"
    page.locator("button.episode", new Page.LocatorOptions().setHasText("Pilot")).click();
    page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Play Loopback Stories · S01E01 Pilot")).waitFor();
    page.locator("button.stream").first().click();
    waitFor("() => { const v = document.querySelector('video'); return v && v.currentTime > 0.5; }");
    assertThat(page.locator(".player-title").textContent()).isEqualTo(UiSwarm.SHOW_TITLE + " · S01E01");
    String first = page.url();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Next episode: S01E02 The Tracker")).click();
    waitFor("() => location.href !== '" + first + "'");
    waitFor("() => { const v = document.querySelector('video'); return v && v.currentTime > 0.5; }");
    assertThat(page.locator(".player-title").textContent()).isEqualTo(UiSwarm.SHOW_TITLE + " · S01E02");
  }

  @Test
  @Order(10)
  void anInternetArchiveShowPlaysAnEpisodeFromItsTorrent() {
    go("/browse?type=series");
    assertThat(page.getByLabel("Type").inputValue()).isEqualTo("series");
    assertThat(page.locator("select option[value=series]").textContent()).isEqualTo("Shows");
    page.locator(".grid a.card", new Page.LocatorOptions().setHasText(UiSwarm.SHOW_TITLE)).waitFor();
    page.locator(".grid a.card", new Page.LocatorOptions().setHasText(UiSwarm.TV_TITLE)).waitFor();
    assertThat(page.locator(".grid a.card", new Page.LocatorOptions().setHasText(UiSwarm.FILM_TITLE)).count()).isZero();

    go("/");
    page.locator("section.row a.card", new Page.LocatorOptions().setHasText(UiSwarm.TV_TITLE)).click();
    page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(UiSwarm.TV_TITLE).setExact(true)).waitFor();
    page.getByText("Public Domain Mark 1.0").waitFor();
    page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Season 1")).waitFor();
    page.locator("button.episode", new Page.LocatorOptions().setHasText("The Tone")).waitFor();
    shot("show");
    page.locator("button.episode", new Page.LocatorOptions().setHasText("The Tone")).click();
    page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Play " + UiSwarm.TV_TITLE + " · S01E02 The Tone")).waitFor();
    page.locator("button.stream").first().click();
    waitFor("() => location.hash.startsWith('#/play/')");
    waitFor("() => { const v = document.querySelector('video'); return v && v.currentTime > 0.5; }");
    assertThat(page.locator(".player-title").textContent()).isEqualTo(UiSwarm.TV_TITLE + " · S01E02");
    String sessionId = page.url().substring(page.url().indexOf("#/play/") + "#/play/".length());
    var playing = server.sessions().view(sessionId, java.net.URI.create(base + "/")).orElseThrow();
    assertThat(playing.infoHash()).isEqualTo(swarm.tv.infoHash().hex());
    assertThat(swarm.tv.files().get(playing.fileIndex()).displayPath()).isEqualTo(UiSwarm.TV_EPISODES[1][0]);
  }

  @Test
  @Order(11)
  void aPastedMagnetPlays() {
    go("/add");
    page.getByLabel("Magnet link or .torrent URL").fill(swarm.magnet(swarm.magnetFilm));
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Play").setExact(true)).click();
    waitFor("() => location.hash.startsWith('#/play/')");
    waitFor("() => { const v = document.querySelector('video'); return v && v.currentTime > 1; }");
    assertThat(page.locator(".player-title").textContent()).contains("Magnet Sample");
  }

  @Test
  @Order(12)
  void aDroppedTorrentPlaysAndItsHostileNameIsText() {
    go("/add");
    page.getByText("My torrents", new Page.GetByTextOptions().setExact(true)).waitFor();
    page.evaluate("""
        ([b64, name]) => {
          const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
          const dt = new DataTransfer();
          dt.items.add(new File([bytes], name, { type: 'application/x-bittorrent' }));
          for (const type of ['dragenter', 'dragover', 'drop'])
            document.body.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
        }""", List.of(Base64.getEncoder().encodeToString(swarm.xssTorrent), "hostile.torrent"));
    // play it or download it? play
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Play this torrent")).click();
    // two videos: pick one (their names are markup, shown as text)
    Locator play = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Play " + UiSwarm.XSS_NAME + ".mp4"));
    play.waitFor();
    page.locator(".file-list li", new Page.LocatorOptions().setHasText(UiSwarm.XSS_SECOND + ".mp4")).waitFor();
    assertThat(page.locator("img[src='x'], b[onmouseover]").count()).isZero();
    shot("add");
    play.click();
    waitFor("() => location.hash.startsWith('#/play/')");
    waitFor("() => { const v = document.querySelector('video'); return v && v.currentTime > 1; }");
    assertThat(page.locator(".player-title").textContent()).isEqualTo(UiSwarm.XSS_NAME + ".mp4");
    assertThat(page.locator("img[src='x']").count()).isZero();

    go("/add");
    page.locator(".mine li", new Page.LocatorOptions().setHasText(UiSwarm.XSS_NAME)).waitFor();
    go("/");
    page.locator("a.card", new Page.LocatorOptions().setHasText(UiSwarm.XSS_NAME)).first().waitFor();
    assertThat(page.locator("img[src='x']").count()).isZero();
    assertThat(dialogs).as("no script from a torrent ran").isEmpty();
  }

  @Test
  @Order(13)
  void errorsSpeakPlainly() {
    // a video the browser cannot decode: the codec message and the VLC / mpv panel with the stream address
    go("/add");
    page.getByLabel("Magnet link or .torrent URL").fill(swarm.magnet(swarm.broken));
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Play").setExact(true)).click();
    waitFor("() => location.hash.startsWith('#/play/')");
    page.getByText("Your browser cannot play this video\u2019s format (codec)").first().waitFor();
    Locator url = page.getByLabel("Stream address");
    url.waitFor();
    assertThat(url.inputValue()).startsWith(base + "/stream/" + swarm.broken.infoHash().hex() + "/");
    shot("player-codec");
    // "Open in mpv" starts the (fake) player on this machine with the stream address; VLC is not there: said plainly
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open in mpv").setExact(true)).click();
    page.locator(".open-result", new Page.LocatorOptions().setHasText("mpv is opening")).waitFor();
    dev.reel.engine.testkit.Poll.until(Duration.ofSeconds(30), "the fake mpv ran",
        () -> Files.exists(tmp.resolve("mpv-args.txt")));
    try {
      assertThat(Files.readAllLines(tmp.resolve("mpv-args.txt"))).containsExactly("--force-window=immediate",
          url.inputValue());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open in VLC").setExact(true)).click();
    page.locator(".open-result", new Page.LocatorOptions().setHasText("VLC")).waitFor();
    assertThat(page.locator(".open-result").textContent()).containsAnyOf("not installed", "refuses to run as root");

    // a torrent nobody shares
    go("/add");
    page.getByLabel("Magnet link or .torrent URL").fill("magnet:?xt=urn:btih:" + "0123456789abcdef".repeat(2) + "01234567&dn=Nobody");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Play").setExact(true)).click();
    page.getByText("No peers yet").waitFor();
  }

  @Test
  @Order(14)
  void aTorrentDownloadsFromTheAddPageAndTransfersManageIt() throws Exception {
    Path downloads = tmp.resolve("downloads");
    server.library().settings().update(Map.of("downloadFolder", downloads.toString()));
    String name = UiSwarm.DOWNLOAD_TITLE;
    go("/transfers");
    page.locator(".transfer").first().waitFor(); // what the earlier tests streamed
    assertThat(page.locator(".transfer .tag").count()).isEqualTo(page.locator(".transfer").count());
    go("/add");
    page.getByLabel("Magnet link or .torrent URL").fill(swarm.magnet(swarm.downloadFilm));
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Download").setExact(true)).click();
    waitFor("() => location.hash === '#/transfers'");
    Locator row = page.locator(".transfer", new Page.LocatorOptions().setHasText(name));
    row.waitFor();

    row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Pause " + name)).click();
    row.locator(".transfer-state", new Locator.LocatorOptions().setHasText("Paused")).waitFor();
    assertThat(server.engine().get(swarm.downloadFilm.infoHash()).orElseThrow().status().state())
        .isEqualTo(dev.reel.engine.TorrentState.PAUSED);
    row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Resume " + name)).click();
    row.locator(".transfer-pct", new Locator.LocatorOptions().setHasText("100 %")).waitFor();
    row.locator(".transfer-state", new Locator.LocatorOptions().setHasText("Done, sharing")).waitFor();
    Path file = downloads.resolve(name).resolve(name + ".mp4");
    assertThat(Files.readAllBytes(file)).isEqualTo(Files.readAllBytes(tmp.resolve("swarm/seed").resolve(name).resolve(name + ".mp4")));

    row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Show the files of " + name)).click();
    Locator play = row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Play " + name + ".mp4"));
    play.waitFor();
    shot("transfers");
    play.click();
    waitFor("() => location.hash.startsWith('#/play/')");
    waitFor("() => { const v = document.querySelector('video'); return v && v.currentTime > 1; }");

    go("/transfers");
    row.waitFor();
    row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Remove " + name)).click();
    Locator dialog = page.getByRole(AriaRole.ALERTDIALOG);
    dialog.waitFor();
    shot("transfers-remove");
    dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Remove and delete the files")).click();
    page.waitForCondition(() -> row.count() == 0);
    dev.reel.engine.testkit.Poll.until(Duration.ofSeconds(30), "the files are deleted", () -> !Files.exists(file));
  }

  @Test
  @Order(15)
  void noDialogsNoScriptErrorsNoRequestsOffTheMachine() {
    assertThat(dialogs).isEmpty();
    assertThat(consoleErrors).as("console errors").allSatisfy(e ->
        assertThat(e).containsAnyOf("Failed to load resource", "net::ERR"));
    // providers' posters are remote images (the built-in catalog's are); nothing else may leave the page
    assertThat(blocked).as("requests the page tried to send off 127.0.0.1").allSatisfy(r -> assertThat(r).startsWith("image "));
  }
}
