package dev.reel.app.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.List;

/**
 * The JSON mapping of the catalog model, with Stremio's field names. Unknown fields are ignored, a single value is
 * accepted where an array is expected, absent and empty optional fields are not written. Thread-safe.
 */
public final class CatalogJson {
  /** Deepest JSON nesting accepted from a provider. */
  public static final int MAX_DEPTH = 64;
  /** Longest single string accepted from a provider. */
  public static final int MAX_STRING = 1024 * 1024;

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
      .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY,
          JsonInclude.Include.NON_EMPTY))
      .build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(
        StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_STRING).build());
  }

  /** Stremio's response envelopes: {@code {metas}}, {@code {meta}}, {@code {streams}}, {@code {subtitles}}. */
  public record CatalogResponse(List<MetaPreview> metas) {
    public CatalogResponse {
      metas = Lists.clean(metas);
    }
  }

  public record MetaResponse(MetaDetail meta) {}

  public record StreamsResponse(List<Stream> streams) {
    public StreamsResponse {
      streams = Lists.clean(streams);
    }
  }

  public record SubtitlesResponse(List<Subtitle> subtitles) {
    public SubtitlesResponse {
      subtitles = Lists.clean(subtitles);
    }
  }

  private CatalogJson() {}

  /** The shared mapper; do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static <T> T read(byte[] json, Class<T> type) throws IOException {
    return MAPPER.readValue(json, type);
  }

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }
}
