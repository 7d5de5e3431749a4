package dev.reel.app.api;

import java.util.List;
import org.eclipse.jetty.http.HttpCookie;

/**
 * A route's answer when it is more than a 200 with a JSON body: a status, a body (JSON-serialised; null for none) and
 * cookies to set. Immutable.
 */
public record Reply(int status, Object body, List<HttpCookie> cookies) {
  public Reply {
    cookies = List.copyOf(cookies);
  }

  public static Reply of(int status, Object body) {
    return new Reply(status, body, List.of());
  }

  public static Reply created(Object body) {
    return of(201, body);
  }

  public static Reply noContent() {
    return of(204, null);
  }
}
