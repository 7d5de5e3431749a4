package dev.reel.app.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MediaTypesTest {

    @ParameterizedTest
    @CsvSource({
            "movie.mp4, video/mp4", "MOVIE.MP4, video/mp4", "a.b.webm, video/webm", "x.mkv, video/x-matroska",
            "x.avi, video/x-msvideo", "x.ts, video/mp2t", "song.mp3, audio/mpeg", "subs.vtt, text/vtt",
            "subs.srt, application/x-subrip", "noext, application/octet-stream", "dot., application/octet-stream",
            "archive.rar, application/octet-stream", "dir.mkv/readme, application/octet-stream"})
    void contentTypeByExtension(String name, String type) {
        assertThat(MediaTypes.forFileName(name)).isEqualTo(type);
    }

    @Test
    void videoDetection() {
        assertThat(MediaTypes.isVideo("a.mkv")).isTrue();
        assertThat(MediaTypes.isVideo("a.srt")).isFalse();
        assertThat(MediaTypes.isVideo("a.mp3")).isFalse();
    }

    @Test
    void dispositionEncodesEverythingOutsideAttrChar() {
        assertThat(MediaTypes.inlineDisposition("Movie (2001).mkv"))
                .isEqualTo("inline; filename*=UTF-8''Movie%20%282001%29.mkv");
        assertThat(MediaTypes.inlineDisposition("Season 1/Épisode 1.mkv"))
                .isEqualTo("inline; filename*=UTF-8''%C3%89pisode%201.mkv");
        assertThat(MediaTypes.inlineDisposition("evil\r\nSet-Cookie: x=\"y\";.mp4"))
                .isEqualTo("inline; filename*=UTF-8''evil%0D%0ASet-Cookie%3A%20x%3D%22y%22%3B.mp4");
        assertThat(MediaTypes.inlineDisposition("映画.mp4")).isEqualTo("inline; filename*=UTF-8''%E6%98%A0%E7%94%BB.mp4");
    }
}
