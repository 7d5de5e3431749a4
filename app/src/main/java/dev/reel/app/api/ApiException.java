package dev.reel.app.api;

import java.util.Map;

/**
 * An API failure with its HTTP status and stable error code, answered as {@code {error: {code, message, details}}}
 * (see docs/API.md). Thrown by route code; the {@link ApiHandler} turns it into the response.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final transient Map<String, ?> details;

  public ApiException(int status, String code, String message, Map<String, ?> details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details == null ? Map.of() : Map.copyOf(details);
  }

  public ApiException(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "bad_request", message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  public static ApiException conflict(String message) {
    return new ApiException(409, "conflict", message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public Map<String, ?> details() {
    return details;
  }
}
