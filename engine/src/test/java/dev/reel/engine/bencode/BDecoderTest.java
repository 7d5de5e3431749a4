package dev.reel.engine.bencode;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** BEP 3 decoding: canonical round-trips, raw spans, and every way input can be malformed or over a limit. */
class BDecoderTest {

  /** Bytes of a test string; each char is one byte (ISO-8859-1), so "\u00ff" is the byte 0xff. */
  static byte[] b(String s) {
    return s.getBytes(ISO_8859_1);
  }

  static String s(byte[] bytes) {
    return new String(bytes, ISO_8859_1);
  }

  // ---- round-trips --------------------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {
      "i0e", "i1e", "i-1e", "i42e", "i9223372036854775807e", "i-9223372036854775808e",
      "0:", "4:spam", "3:\u0000\u00ff\n", "10:0123456789",
      "le", "de", "llee", "ldee", "l4:spami42ee", "li1ei2ei3ee", "llleee",
      "d3:bar4:spam3:fooi42ee",
      "d1:ad1:bl1:cdeeee",
      // Keys sort as raw bytes: "B" (0x42) < "a" (0x61) < "ab" < "b" < 0xc3 0xa9 ("é" in UTF-8) < 0xff.
      "d1:Bi0e1:ai1e2:abi2e1:bi3e2:\u00c3\u00a9i4e1:\u00ffi5ee",
      "d8:announce22:http://127.0.0.1:6969/4:infod6:lengthi1e4:name1:a12:piece lengthi16384e6:pieces20:"
          + "aaaaaaaaaaaaaaaaaaaaee",
  })
  void canonicalInputRoundTripsByteForByte(String input) throws BencodeException {
    byte[] in = b(input);
    BValue v = BDecoder.decode(in);
    assertThat(s(BEncoder.canonical(v))).isEqualTo(input);
    assertThat(s(BEncoder.encode(v))).isEqualTo(input);
    assertThat(v.span().offset()).isZero();
    assertThat(v.span().length()).isEqualTo(in.length);
    assertThat(v.span().source()).isSameAs(in); // the source is shared, not copied
  }

  static Stream<Arguments> decodedValues() {
    return Stream.of(
        Arguments.of("i-42e", BInt.of(-42)),
        Arguments.of("4:spam", BString.of("spam")),
        Arguments.of("0:", BString.of(new byte[0])),
        Arguments.of("l4:spami7ee", BList.of(List.of(BString.of("spam"), BInt.of(7)))),
        Arguments.of("d1:xle1:yi-1ee", BDict.of(java.util.Map.of("x", BList.of(List.of()), "y", BInt.of(-1)))));
  }

  @ParameterizedTest
  @MethodSource("decodedValues")
  void decodesToTheExpectedValue(String input, BValue expected) throws BencodeException {
    assertThat(BDecoder.decode(b(input))).isEqualTo(expected);
  }

  @Test
  void integerExtremesDecode() throws BencodeException {
    assertThat(((BInt) BDecoder.decode(b("i-9223372036854775808e"))).value()).isEqualTo(Long.MIN_VALUE);
    assertThat(((BInt) BDecoder.decode(b("i9223372036854775807e"))).value()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void unsortedKeysAreAcceptedKeptInOrderAndCanonicalizedOnEncode() throws BencodeException {
    BDict d = (BDict) BDecoder.decode(b("d1:bi1e1:ai2ee"));
    assertThat(d.entries().keySet()).containsExactly("b", "a");
    assertThat(s(BEncoder.canonical(d))).isEqualTo("d1:ai2e1:bi1ee");
    assertThat(s(d.span().bytes())).isEqualTo("d1:bi1e1:ai2ee");
  }

  // ---- raw spans ----------------------------------------------------------------------------------------------

  @Test
  void spanOfNestedUnsortedDictIsTheExactSubstring() throws BencodeException {
    String info = "d4:name1:x1:bi1e12:piece lengthi16384e1:al2:p1d1:zi0e1:ai9eeee";
    String torrent = "d7:comment2:hi4:info" + info + "8:announce3:urle";
    byte[] in = b(torrent);
    BDict top = (BDict) BDecoder.decode(in);
    BDict infoDict = top.dict("info").orElseThrow();
    assertThat(s(infoDict.span().bytes())).isEqualTo(info);
    assertThat(infoDict.span().offset()).isEqualTo(torrent.indexOf(info));
    assertThat(s(BEncoder.canonical(infoDict))).isNotEqualTo(info); // canonical form would change the info-hash
    BDict inner = (BDict) infoDict.list("a").orElseThrow().get(1);
    assertThat(s(inner.span().bytes())).isEqualTo("d1:zi0e1:ai9ee");
  }

  static Stream<Arguments> spans() {
    String in = "l4:spami-12eld1:k0:eed2:zz3:abcee";
    return Stream.of(
        Arguments.of(in, List.of(0), "4:spam"),
        Arguments.of(in, List.of(1), "i-12e"),
        Arguments.of(in, List.of(2), "ld1:k0:ee"),
        Arguments.of(in, List.of(2, 0), "d1:k0:e"),
        Arguments.of(in, List.of(3), "d2:zz3:abce"));
  }

  @ParameterizedTest
  @MethodSource("spans")
  void everyValueKnowsItsRawBytes(String input, List<Integer> path, String expected) throws BencodeException {
    BValue v = BDecoder.decode(b(input));
    for (int i : path) {
      v = ((BList) v).get(i);
    }
    assertThat(s(v.span().bytes())).isEqualTo(expected);
    assertThat(input.substring(v.span().offset(), v.span().offset() + v.span().length())).isEqualTo(expected);
  }

  @Test
  void dictValueSpansExcludeTheKey() throws BencodeException {
    BDict d = (BDict) BDecoder.decode(b("d3:keyl1:aee"));
    assertThat(s(d.get("key").span().bytes())).isEqualTo("l1:ae");
    assertThat(d.get("key").span().offset()).isEqualTo(6);
  }

  // ---- malformed input: message and exact offset --------------------------------------------------------------

  static Stream<Arguments> malformed() {
    return Stream.of(
        // integers; the offset is where the number starts (just after 'i')
        Arguments.of("leading zero", "i03e", 1, "leading zero"),
        Arguments.of("leading zero, negative", "i-03e", 1, "leading zero"),
        Arguments.of("double zero", "i00e", 1, "leading zero"),
        Arguments.of("negative zero", "i-0e", 1, "negative zero"),
        Arguments.of("sign only", "i-e", 1, "empty integer"),
        Arguments.of("empty integer", "ie", 1, "empty integer"),
        Arguments.of("Long.MAX_VALUE + 1", "i9223372036854775808e", 1, "overflows 64 bits"),
        Arguments.of("Long.MIN_VALUE - 1", "i-9223372036854775809e", 1, "overflows 64 bits"),
        Arguments.of("20 digits", "i12345678901234567890e", 1, "overflows 64 bits"),
        Arguments.of("plus sign", "i+1e", 1, "invalid digit '+'"),
        Arguments.of("decimal point", "i1.5e", 2, "invalid digit '.'"),
        Arguments.of("space", "i 1e", 1, "invalid digit ' '"),
        Arguments.of("double minus", "i--1e", 2, "invalid digit '-'"),
        Arguments.of("unterminated integer", "i12", 1, "unterminated integer"),
        Arguments.of("bare i", "i", 1, "unterminated integer"),
        Arguments.of("unterminated negative", "i-", 1, "unterminated integer"),
        // strings; the offset is where the length starts
        Arguments.of("negative length", "-1:a", 0, "unexpected byte 0x2d"),
        Arguments.of("length past end", "5:abc", 0, "string of 5 bytes runs past the end of input"),
        Arguments.of("length past end by one", "l4:spa", 1, "runs past the end of input"),
        Arguments.of("length without colon", "4spam", 1, "invalid digit 's'"),
        Arguments.of("unterminated length", "12", 0, "unterminated integer"),
        Arguments.of("length with leading zero", "04:spam", 0, "leading zero"),
        Arguments.of("length overflows", "99999999999999999999:", 0, "overflows 64 bits"),
        Arguments.of("length over the string limit", "l9999999999:", 1, "exceeds the limit of 16777216"),
        // lists and dictionaries
        Arguments.of("unterminated list", "l", 1, "unterminated list starting at 0"),
        Arguments.of("unterminated list with items", "li1e4:spam", 10, "unterminated list starting at 0"),
        Arguments.of("unterminated inner list", "lli1ee", 6, "unterminated list starting at 0"),
        Arguments.of("unterminated dict", "d", 1, "unterminated dictionary starting at 0"),
        Arguments.of("unterminated dict after value", "d1:ai1e", 7, "unterminated dictionary starting at 0"),
        Arguments.of("dict key without value", "d1:a", 4, "unexpected end of input"),
        Arguments.of("dict key without value, closed", "d1:ae", 4, "unexpected byte 0x65"),
        Arguments.of("integer key", "di1ei2ee", 1, "dictionary key is not a string"),
        Arguments.of("list key", "dle1:ae", 1, "dictionary key is not a string"),
        Arguments.of("dict key in nested dict", "d1:ad1:bi1ei2ei3eee", 11, "dictionary key is not a string"),
        Arguments.of("duplicate key", "d1:ai1e1:ai2ee", 7, "duplicate dictionary key 'a'"),
        Arguments.of("duplicate key, not adjacent", "d1:ai1e1:bi2e1:ai3ee", 13, "duplicate dictionary key 'a'"),
        Arguments.of("duplicate binary key", "d1:\u00ffi1e1:\u00ffi2ee", 7, "duplicate dictionary key '\\xff'"),
        // framing
        Arguments.of("empty input", "", 0, "unexpected end of input"),
        Arguments.of("trailing data", "i1ei2e", 3, "trailing data"),
        Arguments.of("trailing newline", "4:spam\n", 6, "trailing data"),
        Arguments.of("trailing e", "lee", 2, "trailing data"),
        Arguments.of("unknown type byte", "x", 0, "unexpected byte 0x78"),
        Arguments.of("unknown type byte inside list", "li1ex", 4, "unexpected byte 0x78"),
        Arguments.of("stray end", "e", 0, "unexpected byte 0x65"),
        Arguments.of("high byte", "\u00ff", 0, "unexpected byte 0xff"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("malformed")
  void malformedInputIsRejectedAtTheExactOffset(String name, String input, int offset, String message) {
    BencodeException e = catchThrowableOfType(BencodeException.class, () -> BDecoder.decode(b(input)));
    assertThat(e).as(name).isNotNull();
    assertThat(e.offset()).as(name + ": " + e.getMessage()).isEqualTo(offset);
    assertThat(e.getMessage()).contains(message).endsWith("at offset " + offset);
  }

  // ---- limits -------------------------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"l", "d1:a"})
  void depthOf100IsAcceptedAnd101Rejected(String open) throws BencodeException {
    assertThat(BDecoder.Limits.DEFAULT.maxDepth()).isEqualTo(100);
    byte[] ok = b(open.repeat(100) + "i0e" + "e".repeat(100));
    assertThat(BDecoder.decode(ok).span().length()).isEqualTo(ok.length);

    String tooDeep = open.repeat(101) + "i0e" + "e".repeat(101);
    BencodeException e = catchThrowableOfType(BencodeException.class, () -> BDecoder.decode(b(tooDeep)));
    assertThat(e.getMessage()).contains("nesting deeper than 100");
    assertThat(e.offset()).isEqualTo(100 * open.length()); // the 101st container
  }

  @Test
  void depthLimitIsConfigurable() throws BencodeException {
    BDecoder shallow = new BDecoder(new BDecoder.Limits(2, 1000, 1000));
    assertThat(shallow.decodeAll(b("llee"))).isNotNull();
    assertThatThrownBy(() -> shallow.decodeAll(b("llleee")))
        .isInstanceOf(BencodeException.class).hasMessageContaining("nesting deeper than 2 at offset 2");
  }

  @Test
  void extremelyDeepInputFailsCleanlyWithoutStackOverflow() {
    byte[] deep = b("l".repeat(1_000_000));
    assertThatThrownBy(() -> BDecoder.decode(deep))
        .isInstanceOf(BencodeException.class).hasMessageContaining("nesting deeper than 100 at offset 100");
  }

  @Test
  void tokenLimitCountsValuesAndKeys() throws BencodeException {
    BDecoder three = new BDecoder(new BDecoder.Limits(100, 3, 1000));
    assertThat(three.decodeAll(b("li1ei2ee"))).isNotNull(); // list + 2 ints
    assertThat(three.decodeAll(b("d1:ai1ee"))).isNotNull(); // dict + key + value
    BencodeException list = catchThrowableOfType(BencodeException.class, () -> three.decodeAll(b("li1ei2ei3ee")));
    assertThat(list.getMessage()).isEqualTo("more than 3 values at offset 7");
    BencodeException dict = catchThrowableOfType(BencodeException.class, () -> three.decodeAll(b("d1:ai1e1:bi2ee")));
    assertThat(dict.getMessage()).isEqualTo("more than 3 values at offset 7"); // the second key
  }

  @Test
  void defaultTokenLimitIsTwoMillion() throws BencodeException {
    assertThat(BDecoder.Limits.DEFAULT.maxTokens()).isEqualTo(2_000_000);
    byte[] ok = b("l" + "0:".repeat(1_999_999) + "e");
    assertThat(((BList) BDecoder.decode(ok)).size()).isEqualTo(1_999_999);
    byte[] over = b("l" + "0:".repeat(2_000_000) + "e");
    BencodeException e = catchThrowableOfType(BencodeException.class, () -> BDecoder.decode(over));
    assertThat(e.getMessage()).isEqualTo("more than 2000000 values at offset " + (1 + 2 * 1_999_999));
  }

  @Test
  void stringLengthLimitAppliesToValuesAndKeys() throws BencodeException {
    BDecoder four = new BDecoder(new BDecoder.Limits(100, 1000, 4));
    assertThat(four.decodeAll(b("4:abcd"))).isEqualTo(BString.of("abcd"));
    assertThat(four.decodeAll(b("d4:abcd0:e"))).isNotNull();
    BencodeException value = catchThrowableOfType(BencodeException.class, () -> four.decodeAll(b("l5:abcdee")));
    assertThat(value.getMessage()).isEqualTo("string of 5 bytes exceeds the limit of 4 at offset 1");
    BencodeException key = catchThrowableOfType(BencodeException.class, () -> four.decodeAll(b("d5:abcde0:e")));
    assertThat(key.offset()).isEqualTo(1);
    // The limit is checked before the length is compared with the input, so a huge claimed length fails early.
    BencodeException huge = catchThrowableOfType(BencodeException.class, () -> four.decodeAll(b("2000000000:")));
    assertThat(huge.getMessage()).contains("exceeds the limit of 4");
  }

  // ---- decodePrefix -------------------------------------------------------------------------------------------

  @Test
  void decodePrefixStopsAfterOneValueAndLeavesTheRest() throws BencodeException {
    // A ut_metadata data message: a bencoded dict followed by raw piece bytes (BEP 9).
    byte[] msg = b("d8:msg_typei1e5:piecei0e10:total_sizei3ee\u0000\u0001\u0002");
    BValue v = BDecoder.DEFAULT.decodePrefix(msg, 0, msg.length);
    assertThat(((BDict) v).integer("total_size")).contains(3L);
    int end = v.span().offset() + v.span().length();
    assertThat(msg.length - end).isEqualTo(3);
    assertThatThrownBy(() -> BDecoder.decode(msg)).hasMessageEndingWith("at offset " + end).hasMessageContaining("trailing data");
  }

  @Test
  void decodePrefixReportsAbsoluteOffsets() throws BencodeException {
    byte[] in = b("xxxli42e3:abcezzz");
    BList l = (BList) BDecoder.DEFAULT.decodePrefix(in, 3, in.length);
    assertThat(l.span().offset()).isEqualTo(3);
    assertThat(l.span().length()).isEqualTo(11);
    assertThat(l.get(0).span().offset()).isEqualTo(4);
    assertThat(s(l.get(1).span().bytes())).isEqualTo("3:abc");

    BencodeException e = catchThrowableOfType(BencodeException.class,
        () -> BDecoder.DEFAULT.decodePrefix(b("xxxi03e"), 3, 7));
    assertThat(e.offset()).isEqualTo(4);
  }

  @Test
  void decodePrefixNeverReadsPastEnd() {
    byte[] in = b("4:spam");
    BencodeException e = catchThrowableOfType(BencodeException.class, () -> BDecoder.DEFAULT.decodePrefix(in, 0, 5));
    assertThat(e.getMessage()).isEqualTo("string of 4 bytes runs past the end of input at offset 0");
    BencodeException empty = catchThrowableOfType(BencodeException.class,
        () -> BDecoder.DEFAULT.decodePrefix(in, 6, 6));
    assertThat(empty.getMessage()).isEqualTo("unexpected end of input at offset 6");
  }

  @Test
  void decodePrefixRejectsARangeOutsideTheArray() {
    byte[] in = b("i1e");
    assertThatThrownBy(() -> BDecoder.DEFAULT.decodePrefix(in, 0, 4)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> BDecoder.DEFAULT.decodePrefix(in, -1, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> BDecoder.DEFAULT.decodePrefix(in, 2, 1)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
