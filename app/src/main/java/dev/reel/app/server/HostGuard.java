package dev.reel.app.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntSupplier;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers 421 Misdirected Request to every request whose {@code Host} is not one of ours, before any route sees it.
 *
 * <p>This is the DNS-rebinding defence (cf. Transmission's CVE-2018-5702): a web page on {@code evil.com} whose name
 * is re-pointed to 127.0.0.1 can make a browser send requests here, but the browser still sends
 * {@code Host: evil.com}. Accepted: exactly one {@code Host} field whose value is {@code NAME:PORT} for PORT the bound
 * port and NAME one of {@code 127.0.0.1}, {@code localhost}, {@code [::1]} or a configured extra name
 * (case-insensitive); the request-target's authority (absolute-form, RFC 9112 3.2.2) must pass the same test. A missing
 * {@code Host} (HTTP/1.0) is refused too. Thread-safe.
 */
final class HostGuard extends Handler.Wrapper {

    private static final List<String> LOOPBACK_NAMES = List.of("127.0.0.1", "localhost", "[::1]");

    private final Set<String> names;
    private final IntSupplier port;

    /** @param port the bound port, read per request (it is known only after start) */
    HostGuard(Set<String> extraNames, IntSupplier port) {
        Set<String> all = new HashSet<>(LOOPBACK_NAMES);
        for (String n : extraNames) all.add(n.toLowerCase(Locale.ROOT));
        this.names = Set.copyOf(all);
        this.port = port;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (isAllowed(request)) return super.handle(request, response, callback);
        response.setStatus(HttpStatus.MISDIRECTED_REQUEST_421);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, ByteBuffer.wrap("421 Misdirected Request: unknown Host\n".getBytes(StandardCharsets.UTF_8)),
                callback);
        return true;
    }

    private boolean isAllowed(Request request) {
        List<HttpField> hosts = request.getHeaders().getFields(HttpHeader.HOST);
        if (hosts.size() != 1) return false;
        if (!isAllowedAuthority(hosts.get(0).getValue())) return false;
        HttpURI uri = request.getHttpURI();
        if (uri.getHost() == null) return true;
        String host = uri.getHost();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) host = "[" + host + "]";
        int uriPort = uri.getPort() < 0 ? 80 : uri.getPort();
        return isAllowed(host, uriPort);
    }

    /** Whether a {@code Host} value ({@code name[:port]}) names this server. */
    boolean isAllowedAuthority(String authority) {
        if (authority == null) return false;
        String value = authority.strip();
        String name;
        String portText;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) return false;
            name = value.substring(0, close + 1);
            String rest = value.substring(close + 1);
            if (rest.isEmpty()) portText = null;
            else if (rest.startsWith(":")) portText = rest.substring(1);
            else return false;
        } else {
            int colon = value.indexOf(':');
            name = colon < 0 ? value : value.substring(0, colon);
            portText = colon < 0 ? null : value.substring(colon + 1);
        }
        int p;
        if (portText == null) {
            p = 80;
        } else {
            if (portText.isEmpty() || portText.length() > 5 || !portText.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return false;
            }
            p = Integer.parseInt(portText);
        }
        return isAllowed(name, p);
    }

    private boolean isAllowed(String name, int p) {
        return p == port.getAsInt() && names.contains(name.toLowerCase(Locale.ROOT));
    }
}
