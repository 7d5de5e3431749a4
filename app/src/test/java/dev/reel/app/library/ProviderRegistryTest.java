package dev.reel.app.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The provider registry: built-ins, addons by URL, order and switches. */
class ProviderRegistryTest {
  static final URI ADDON_URL = URI.create("https://addon.example.org/manifest.json");

  @TempDir Path tmp;
  final TestClock clock = new TestClock();
  Library library;
  ProviderRegistry providers;

  @BeforeEach
  void open() {
    library = Fixtures.open(tmp, clock);
    providers = library.providers();
    providers.registerBuiltin("reel-open", "Open Movies");
    providers.registerBuiltin("internet-archive", "Internet Archive");
    providers.registerBuiltin("reel-mine", "My torrents");
  }

  @AfterEach
  void close() {
    library.close();
  }

  List<String> order() {
    return providers.list().stream().map(ProviderEntry::id).toList();
  }

  @Test
  void builtinsComeInRegistrationOrderAndAddonsGoLast() {
    ProviderEntry addon = providers.addAddon("org.example", "Example", ADDON_URL);

    assertThat(order()).containsExactly("reel-open", "internet-archive", "reel-mine", "org.example");
    assertThat(providers.list()).extracting(ProviderEntry::position).containsExactly(0, 1, 2, 3);
    assertThat(addon.kind()).isEqualTo(ProviderEntry.Kind.ADDON);
    assertThat(addon.manifestUrl()).isEqualTo(ADDON_URL);
    assertThat(addon.enabled()).isTrue();
  }

  @Test
  void registeringABuiltinAgainKeepsTheUsersOrderAndSwitch() {
    providers.reorder(List.of("reel-mine", "reel-open", "internet-archive"));
    providers.setEnabled("reel-open", false);

    ProviderEntry again = providers.registerBuiltin("reel-open", "Open Movies (Blender)");

    assertThat(order()).containsExactly("reel-mine", "reel-open", "internet-archive");
    assertThat(again.enabled()).isFalse();
    assertThat(again.name()).isEqualTo("Open Movies (Blender)");
  }

  @Test
  void reorderPutsEveryProviderWhereAsked() {
    providers.addAddon("org.example", "Example", ADDON_URL);

    List<ProviderEntry> reordered = providers.reorder(List.of("org.example", "reel-mine", "reel-open",
        "internet-archive"));

    assertThat(reordered).extracting(ProviderEntry::id)
        .containsExactly("org.example", "reel-mine", "reel-open", "internet-archive");
    assertThat(order()).containsExactly("org.example", "reel-mine", "reel-open", "internet-archive");
  }

  @Test
  void reorderRefusesAnythingButAPermutation() {
    assertThatThrownBy(() -> providers.reorder(List.of("reel-open", "reel-open", "ghost")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown [ghost]")
        .hasMessageContaining("repeated [reel-open]")
        .hasMessageContaining("missing [internet-archive, reel-mine]");
    assertThat(order()).containsExactly("reel-open", "internet-archive", "reel-mine");
  }

  @Test
  void moveShiftsTheOthers() {
    assertThat(providers.move("reel-mine", 0)).hasValueSatisfying(list -> assertThat(list)
        .extracting(ProviderEntry::id).containsExactly("reel-mine", "reel-open", "internet-archive"));
    providers.move("reel-mine", 99);
    assertThat(order()).containsExactly("reel-open", "internet-archive", "reel-mine");
    assertThat(providers.move("ghost", 0)).isEmpty();
  }

  @Test
  void enabledListsOnlyTheSwitchedOnInOrder() {
    providers.setEnabled("internet-archive", false);
    assertThat(providers.enabled()).extracting(ProviderEntry::id).containsExactly("reel-open", "reel-mine");
    assertThat(providers.setEnabled("internet-archive", true)).map(ProviderEntry::enabled).contains(true);
    assertThat(providers.setEnabled("ghost", true)).isEmpty();
  }

  @Test
  void removingAnAddonClosesTheGapAndBuiltinsCannotBeRemoved() {
    providers.addAddon("org.example", "Example", ADDON_URL);
    providers.move("org.example", 1);

    assertThat(providers.remove("org.example")).isTrue();
    assertThat(providers.remove("org.example")).isFalse();
    assertThat(providers.list()).extracting(ProviderEntry::position).containsExactly(0, 1, 2);
    assertThatThrownBy(() -> providers.remove("reel-open"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("disabled, not removed");
  }

  @Test
  void anAddonIsAddedOnce() {
    providers.addAddon("org.example", "Example", ADDON_URL);
    assertThatThrownBy(() -> providers.addAddon("org.other", "Other", ADDON_URL))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already added, as \"org.example\"");
    assertThatThrownBy(() -> providers.addAddon("org.example", "Again",
        URI.create("https://mirror.example.org/manifest.json")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already added from " + ADDON_URL);
    assertThatThrownBy(() -> providers.addAddon("reel-open", "Impostor",
        URI.create("https://mirror.example.org/manifest.json")))
        .hasMessageContaining("(built in)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"file:///etc/passwd", "ftp://example.org/manifest.json", "javascript:alert(1)",
      "/manifest.json", "https:///manifest.json"})
  void addonUrlsAreHttpOnly(String url) {
    assertThatThrownBy(() -> providers.addAddon("org.example", "Example", URI.create(url)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("addon URL");
  }

  @Test
  void idsAreChecked() {
    assertThatThrownBy(() -> providers.addAddon("has space", "Example", ADDON_URL))
        .hasMessageContaining("without spaces");
  }
}
