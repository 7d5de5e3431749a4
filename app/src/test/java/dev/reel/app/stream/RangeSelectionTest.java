package dev.reel.app.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import dev.reel.app.stream.RangeSelection.Partial;
import dev.reel.app.stream.RangeSelection.Unsatisfiable;
import dev.reel.app.stream.RangeSelection.Whole;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RangeSelectionTest {

    private static final long LEN = 1000;

    static Stream<Arguments> satisfiable() {
        return Stream.of(
                Arguments.of("bytes=0-99", 0, 99),
                Arguments.of("bytes=0-0", 0, 0),
                Arguments.of("bytes=999-999", 999, 999),
                Arguments.of("bytes=100-", 100, 999),
                Arguments.of("bytes=0-", 0, 999),
                Arguments.of("bytes=-10", 990, 999),
                Arguments.of("bytes=-1000", 0, 999),
                Arguments.of("bytes=-5000", 0, 999),
                Arguments.of("bytes=900-5000", 900, 999),
                Arguments.of("bytes=0-99999999999999999999999", 0, 999),
                Arguments.of("BYTES=1-2", 1, 2),
                Arguments.of("Bytes=1-2", 1, 2),
                Arguments.of("bytes=, 5-6", 5, 6),
                Arguments.of("bytes=5-6 ,", 5, 6),
                Arguments.of("bytes=5-6,,", 5, 6));
    }

    @ParameterizedTest
    @MethodSource
    void satisfiable(String header, long first, long last) {
        assertThat(RangeSelection.select(header, LEN)).isEqualTo(new Partial(first, last));
    }

    static Stream<String> unsatisfiable() {
        return Stream.of("bytes=1000-", "bytes=1000-2000", "bytes=5000-6000", "bytes=-0",
                "bytes=99999999999999999999999-");
    }

    @ParameterizedTest
    @MethodSource
    void unsatisfiable(String header) {
        assertThat(RangeSelection.select(header, LEN)).isInstanceOf(Unsatisfiable.class);
    }

    static Stream<String> ignored() {
        return Stream.of(
                // absent / malformed: RFC 9110 lets us ignore it and send 200
                "", "bytes", "bytes=", "bytes=,", "bytes=abc", "bytes=1", "bytes=--1", "bytes=1--2", "bytes=5-2",
                "bytes=-", "bytes=+1-2", "bytes=1-+2", "bytes=0x10-", "bytes=1.5-2", "bytes =1-2", "bytes= 1 - 2",
                "bytes=１-2", "garbage", "=0-1",
                // other units
                "items=0-1", "none",
                // more than one range (we never send multipart)
                "bytes=0-1,5-9", "bytes=0-5,3-9", "bytes=0-1,5000-6000", "bytes=5000-,6000-", "bytes=-1,-2",
                "bytes=0-1,abc");
    }

    @ParameterizedTest
    @MethodSource
    void ignored(String header) {
        assertThat(RangeSelection.select(header, LEN)).as(header).isInstanceOf(Whole.class);
    }

    @ParameterizedTest
    @MethodSource("satisfiable")
    void absentHeaderIsWhole(String ignoredHeader, long a, long b) {
        assertThat(RangeSelection.select(null, LEN)).isInstanceOf(Whole.class);
    }

    @org.junit.jupiter.api.Test
    void emptyRepresentation() {
        assertThat(RangeSelection.select("bytes=0-", 0)).isInstanceOf(Unsatisfiable.class);
        assertThat(RangeSelection.select("bytes=-5", 0)).isInstanceOf(Whole.class);
        assertThat(RangeSelection.select(null, 0)).isInstanceOf(Whole.class);
    }

    @org.junit.jupiter.api.Test
    void contentRangeValues() {
        assertThat(new Partial(0, 99).contentRange(1000)).isEqualTo("bytes 0-99/1000");
        assertThat(new Partial(0, 99).length()).isEqualTo(100);
        assertThat(Unsatisfiable.contentRange(1000)).isEqualTo("bytes */1000");
    }
}
