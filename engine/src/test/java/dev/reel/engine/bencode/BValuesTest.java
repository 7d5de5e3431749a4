package dev.reel.engine.bencode;

import static dev.reel.engine.bencode.BDecoderTest.b;
import static dev.reel.engine.bencode.BDecoderTest.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The value types: BDict typed getters, BString/BInt/BList equality, and Span. */
class BValuesTest {
  private static final String DICT = "d4:dictd1:ki1ee3:inti-5e4:listl1:ae3:str5:hello4:utf85:\u00c3\u00a9t\u00c3\u00a9"
      + "6:na\u00c3\u00afvei1ee";

  private static BDict dict() throws BencodeException {
    return (BDict) BDecoder.decode(b(DICT));
  }

  static Stream<Arguments> getters() {
    BiFunction<BDict, String, Optional<?>> string = BDict::string;
    BiFunction<BDict, String, Optional<?>> text = BDict::text;
    BiFunction<BDict, String, Optional<?>> integer = BDict::integer;
    BiFunction<BDict, String, Optional<?>> list = BDict::list;
    BiFunction<BDict, String, Optional<?>> dict = BDict::dict;
    return Stream.of(
        Arguments.of("string", string, "str", Optional.of(BString.of("hello"))),
        Arguments.of("text", text, "str", Optional.of("hello")),
        Arguments.of("text utf-8", text, "utf8", Optional.of("\u00e9t\u00e9")),
        Arguments.of("integer", integer, "int", Optional.of(-5L)),
        Arguments.of("integer, non-ASCII key", integer, "na\u00efve", Optional.of(1L)),
        Arguments.of("list", list, "list", Optional.of(BList.of(List.of(BString.of("a"))))),
        Arguments.of("dict", dict, "dict", Optional.of(BDict.of(Map.of("k", BInt.of(1))))),
        // wrong type: empty, not an exception
        Arguments.of("string of int", string, "int", Optional.empty()),
        Arguments.of("text of list", text, "list", Optional.empty()),
        Arguments.of("integer of string", integer, "str", Optional.empty()),
        Arguments.of("list of dict", list, "dict", Optional.empty()),
        Arguments.of("dict of list", dict, "list", Optional.empty()),
        // missing key
        Arguments.of("missing string", string, "nope", Optional.empty()),
        Arguments.of("missing text", text, "nope", Optional.empty()),
        Arguments.of("missing integer", integer, "nope", Optional.empty()),
        Arguments.of("missing list", list, "nope", Optional.empty()),
        Arguments.of("missing dict", dict, "nope", Optional.empty()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("getters")
  void typedGetters(String name, BiFunction<BDict, String, Optional<?>> getter, String key, Optional<?> expected)
      throws BencodeException {
    assertThat(getter.apply(dict(), key)).isEqualTo(expected);
  }

  @Test
  void keysAreRawBytesAndTextLookupsUseUtf8() throws BencodeException {
    BDict d = dict();
    assertThat(d.has("na\u00efve")).isTrue();
    assertThat(d.has("naive")).isFalse();
    assertThat(d.entries()).containsKey("na\u00c3\u00afve"); // stored as one char per byte
    assertThat(BDict.key("na\u00efve")).isEqualTo("na\u00c3\u00afve");
    assertThat(d.get("missing")).isNull();
  }

  @Test
  void invalidUtf8TextBecomesReplacementCharacters() throws BencodeException {
    BDict d = (BDict) BDecoder.decode(b("d1:t2:\u00ff\u00fee"));
    assertThat(d.text("t")).contains("\ufffd\ufffd");
    assertThat(d.string("t").orElseThrow().bytes()).containsExactly(0xff, 0xfe);
  }

  @Test
  void valuesAreImmutable() throws BencodeException {
    BDict d = dict();
    assertThatThrownBy(() -> d.entries().put("x", BInt.of(1))).isInstanceOf(UnsupportedOperationException.class);
    BList l = d.list("list").orElseThrow();
    assertThatThrownBy(() -> l.items().add(BInt.of(1))).isInstanceOf(UnsupportedOperationException.class);

    Map<String, BValue> source = new LinkedHashMap<>(Map.of("a", BInt.of(1)));
    BDict built = BDict.of(source);
    source.put("b", BInt.of(2));
    assertThat(built.entries()).containsOnlyKeys("a");
  }

  @Test
  void bstringEqualityIsByContentNotSpanOrIdentity() throws BencodeException {
    BString decoded = (BString) BDecoder.decode(b("4:spam"));
    BString inList = (BString) ((BList) BDecoder.decode(b("l4:spame"))).get(0);
    BString built = BString.of("spam");
    assertThat(decoded).isEqualTo(inList).isEqualTo(built).hasSameHashCodeAs(built);
    assertThat(decoded.span()).isNotEqualTo(built.span());
    assertThat(BString.of(new byte[] {1, 2})).isEqualTo(BString.of(new byte[] {1, 2}))
        .isNotEqualTo(BString.of(new byte[] {1, 2, 3})).isNotEqualTo(BString.of(new byte[] {2, 1}));
    assertThat(BString.of("")).isEqualTo(BString.of(new byte[0])).isNotEqualTo(BInt.of(0));
    assertThat(BString.of("\u00e9").length()).isEqualTo(2);
    assertThat(built.toString()).isEqualTo("BString[spam]");
  }

  @Test
  void bstringCopiesItsBytesBothWays() {
    byte[] raw = {1, 2, 3};
    BString s = BString.of(raw);
    raw[0] = 9;
    assertThat(s.bytes()).containsExactly(1, 2, 3);
    s.bytes()[1] = 9;
    assertThat(s.bytes()).containsExactly(1, 2, 3);
  }

  @Test
  void containerAndIntegerEqualityIgnoreSpans() throws BencodeException {
    assertThat(BDecoder.decode(b("i7e"))).isEqualTo(BInt.of(7)).hasSameHashCodeAs(BInt.of(7));
    assertThat(BDecoder.decode(b("li7ee"))).isEqualTo(BList.of(List.of(BInt.of(7))));
    // Dicts compare entries regardless of their order in the input.
    assertThat(BDecoder.decode(b("d1:bi2e1:ai1ee"))).isEqualTo(BDecoder.decode(b("d1:ai1e1:bi2ee")))
        .hasSameHashCodeAs(BDecoder.decode(b("d1:ai1e1:bi2ee")));
    assertThat(BDecoder.decode(b("li1ei2ee"))).isNotEqualTo(BDecoder.decode(b("li2ei1ee")));
  }

  @Test
  void spanBytesAreACopyOfTheSharedSource() throws BencodeException {
    byte[] in = b("l3:abce");
    BValue abc = ((BList) BDecoder.decode(in)).get(0);
    Span span = abc.span();
    assertThat(span.source()).isSameAs(in);
    assertThat(span.offset()).isEqualTo(1);
    assertThat(span.length()).isEqualTo(5);
    byte[] copy = span.bytes();
    copy[0] = 'x';
    assertThat(s(span.bytes())).isEqualTo("3:abc");
    assertThat(span.isNone()).isFalse();
  }

  @Test
  void builtValuesHaveNoSpan() {
    assertThat(BString.of("x").span()).isSameAs(Span.NONE);
    assertThat(BInt.of(1).span().isNone()).isTrue();
    assertThat(BList.of(List.of()).span().isNone()).isTrue();
    assertThat(BDict.of(Map.of()).span().isNone()).isTrue();
    assertThat(Span.NONE.bytes()).isEmpty();
  }
}
