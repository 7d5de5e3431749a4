package dev.reel.app.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpCookie;

/** {@code /api/info}, {@code /api/token}, {@code /api/login}. */
final class InfoRoutes {
  private final ApiContext ctx;

  InfoRoutes(ApiContext ctx) {
    this.ctx = ctx;
  }

  void install(ApiHandler api) {
    api.get("/api/info", r -> {
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("version", ctx.version());
      info.put("lan", ctx.tokens().lan());
      info.put("authRequired", ctx.tokens().lan() && !SecurityFilter.isLoopback(r.jetty()));
      info.put("authenticated", !ctx.tokens().lan() || SecurityFilter.isLoopback(r.jetty())
          || r.cookies(Tokens.AUTH_COOKIE).stream().anyMatch(ctx.tokens()::isLogin));
      return info;
    });
    api.get("/api/token", r -> new Reply(200, Map.of("token", ctx.tokens().csrfToken()),
        List.of(ctx.tokens().csrfCookie())));
    api.post("/api/login", r -> {
      if (!ctx.tokens().lan()) {
        return Reply.noContent(); // loopback-only: nothing to log in to
      }
      String password = Json.text(r.json(), "password");
      if (!ctx.tokens().checkPassword(password, org.eclipse.jetty.server.Request.getRemoteAddr(r.jetty()))) {
        throw new ApiException(401, "unauthorized", "wrong password");
      }
      HttpCookie login = ctx.tokens().login();
      return new Reply(204, null, List.of(login));
    });
  }
}
