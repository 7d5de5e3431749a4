package dev.reel.engine.bencode;

import static dev.reel.engine.bencode.BDecoderTest.b;
import static dev.reel.engine.bencode.BDecoderTest.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Canonical encoding (BEP 3) of BValues and of the plain Java values message builders use. */
class BEncoderTest {

  static Stream<Arguments> plainValues() {
    Map<String, Object> unsorted = new LinkedHashMap<>();
    unsorted.put("zeta", 1);
    unsorted.put("alpha", 2L);
    unsorted.put("Beta", "x");
    return Stream.of(
        Arguments.of(0, "i0e"),
        Arguments.of(-7, "i-7e"),
        Arguments.of(Integer.MIN_VALUE, "i-2147483648e"),
        Arguments.of(Long.MAX_VALUE, "i9223372036854775807e"),
        Arguments.of(Long.MIN_VALUE, "i-9223372036854775808e"),
        Arguments.of("", "0:"),
        Arguments.of("spam", "4:spam"),
        Arguments.of("\u00e9", "2:\u00c3\u00a9"), // String is UTF-8: é is two bytes
        Arguments.of(new byte[] {0, (byte) 0xff, '\n'}, "3:\u0000\u00ff\n"), // byte[] is raw
        Arguments.of(List.of(), "le"),
        Arguments.of(Map.of(), "de"),
        Arguments.of(List.of(1, "a", List.of(2L)), "li1e1:ali2eee"),
        Arguments.of(unsorted, "d4:Beta1:x5:alphai2e4:zetai1ee"),
        Arguments.of(Map.of("m", Map.of("ut_metadata", 3, "ut_pex", 1)), "d1:md11:ut_metadatai3e6:ut_pexi1eee"),
        Arguments.of(List.of(BInt.of(5), BString.of("v")), "li5e1:ve"), // BValues mix with plain values
        Arguments.of(BEncoder.list("a", 1), "l1:ai1ee"));
  }

  @ParameterizedTest
  @MethodSource("plainValues")
  void encodesPlainJavaValues(Object value, String expected) {
    assertThat(s(BEncoder.encode(value))).isEqualTo(expected);
  }

  static Stream<Arguments> keyOrders() {
    return Stream.of(
        // uppercase before lowercase, a prefix before its extensions
        Arguments.of(List.of("b", "a", "B", "ab", "A"), List.of("A", "B", "a", "ab", "b")),
        // non-ASCII: UTF-8 bytes 0xc3.. sort after all ASCII
        Arguments.of(List.of("\u00e9", "z", "e"), List.of("e", "z", "\u00e9")),
        // U+FF01 is EF BC 81 in UTF-8 and sorts before U+1F600 (F0 9F 98 80), although in UTF-16 (String order)
        // U+1F600 is the surrogate pair D83D DE00 and would come first.
        Arguments.of(List.of("\ud83d\ude00", "\uff01"), List.of("\uff01", "\ud83d\ude00")),
        // U+00FF (C3 BF) before U+0100 (C4 80) before U+20AC (E2 82 AC)
        Arguments.of(List.of("\u20ac", "\u0100", "\u00ff"), List.of("\u00ff", "\u0100", "\u20ac")));
  }

  @ParameterizedTest
  @MethodSource("keyOrders")
  void mapKeysAreSortedAsUtf8Bytes(List<String> keys, List<String> expectedOrder) throws BencodeException {
    Map<String, Object> map = new HashMap<>();
    keys.forEach(k -> map.put(k, 0));
    byte[] encoded = BEncoder.encode(map);
    BDict d = (BDict) BDecoder.decode(encoded);
    List<String> order = d.entries().keySet().stream()
        .map(k -> new String(k.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)).toList();
    assertThat(order).isEqualTo(expectedOrder);
    // and the same keys in a BDict encode identically
    Map<String, BValue> entries = new HashMap<>();
    keys.forEach(k -> entries.put(BDict.key(k), BInt.of(0)));
    assertThat(BEncoder.encode(BDict.of(entries))).isEqualTo(encoded);
  }

  @Test
  void binaryDictKeysSortAsUnsignedBytes() throws BencodeException {
    BDict d = (BDict) BDecoder.decode(b("d1:\u00ffi1e1:\u0001i2e1:\u007fi3ee"));
    assertThat(s(BEncoder.canonical(d))).isEqualTo("d1:\u0001i2e1:\u007fi3e1:\u00ffi1ee");
  }

  @Test
  void canonicalIgnoresTheSourceSpan() throws BencodeException {
    BValue decoded = BDecoder.decode(b("d1:bli1ei2ee1:a0:e"));
    BValue built = BDict.of(Map.of("a", BString.of(""), "b", BList.of(List.of(BInt.of(1), BInt.of(2)))));
    assertThat(BEncoder.canonical(decoded)).isEqualTo(BEncoder.canonical(built));
    assertThat(s(BEncoder.canonical(built))).isEqualTo("d1:a0:1:bli1ei2eee");
  }

  @Test
  void encodingIsStableAcrossDecodeAndEncode() throws BencodeException {
    Map<String, Object> msg = new LinkedHashMap<>();
    msg.put("y", "q");
    msg.put("t", new byte[] {(byte) 0xaa, 0x00});
    msg.put("a", Map.of("id", new byte[20], "target", "x".repeat(20)));
    byte[] once = BEncoder.encode(msg);
    byte[] twice = BEncoder.encode(BDecoder.decode(once));
    assertThat(twice).isEqualTo(once);
  }

  @Test
  void unsupportedValuesAreRejectedWithAClearMessage() {
    assertThatThrownBy(() -> BEncoder.encode(1.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Double");
    assertThatThrownBy(() -> BEncoder.encode(List.of(true))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Boolean");
    Map<Object, Object> intKey = new HashMap<>();
    intKey.put(1, "x");
    assertThatThrownBy(() -> BEncoder.encode(intKey)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key");
    List<Object> withNull = new ArrayList<>(Arrays.asList("a", null));
    assertThatThrownBy(() -> BEncoder.encode(withNull)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("null");
  }
}
