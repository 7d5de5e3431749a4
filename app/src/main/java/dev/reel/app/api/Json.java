package dev.reel.app.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;

/**
 * The API's JSON mapping (Jackson): camelCase record components, nulls written as null (the UI can rely on every
 * documented field), dates as ISO 8601 strings, unknown request fields ignored. Every string is escaped by Jackson, so
 * provider text stays data. Thread-safe.
 */
public final class Json {
  /** Largest JSON request body. */
  public static final int MAX_BODY = 1024 * 1024;
  /** Deepest nesting accepted in a request. */
  public static final int MAX_DEPTH = 32;

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .serializationInclusion(JsonInclude.Include.ALWAYS)
      .build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
  }

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON for " + value.getClass().getSimpleName(), e);
    }
  }

  /** Parses a request body that must be a JSON object. */
  public static ObjectNode object(byte[] body) {
    if (body.length == 0) {
      throw ApiException.badRequest("a JSON object body is required");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (IOException e) {
      throw ApiException.badRequest("malformed JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
    }
    if (!(node instanceof ObjectNode object)) {
      throw ApiException.badRequest("the body must be a JSON object");
    }
    return object;
  }

  /** Converts a JSON tree to a value, as a 400 when it does not fit. */
  public static <T> T convert(JsonNode node, Class<T> type) {
    try {
      return MAPPER.treeToValue(node, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw ApiException.badRequest("invalid " + type.getSimpleName() + ": " + e.getMessage());
    }
  }

  /** A JSON object as a plain map of plain values (for settings updates). */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> toMap(ObjectNode node) {
    return MAPPER.convertValue(node, Map.class);
  }

  /** A required text field. */
  public static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw ApiException.badRequest("the field \"" + field + "\" (text) is required");
    }
    return v.asText();
  }

  /** An optional text field: null when absent, null or blank. */
  public static String optText(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiException.badRequest("the field \"" + field + "\" must be text");
    }
    return v.asText().isBlank() ? null : v.asText();
  }

  /** An optional integer field. */
  public static Integer optInt(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw ApiException.badRequest("the field \"" + field + "\" must be a whole number");
    }
    return v.intValue();
  }

  /** A required number field. */
  public static double number(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isNumber()) {
      throw ApiException.badRequest("the field \"" + field + "\" (number) is required");
    }
    return v.doubleValue();
  }

  /** A required boolean field. */
  public static boolean bool(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isBoolean()) {
      throw ApiException.badRequest("the field \"" + field + "\" (true or false) is required");
    }
    return v.booleanValue();
  }
}
