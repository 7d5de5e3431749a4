package dev.reel.app.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.x client over a plain socket, for what java.net.http cannot send (a forged or missing Host, an
 * HTTP/1.0 request line) or cannot observe (a truncated body, a hang-up mid-body). Loopback only.
 */
public final class RawHttp implements AutoCloseable {

    /** A parsed response head plus the body bytes read so far. */
    public record Reply(int status, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private static final int SO_TIMEOUT_MILLIS = 30_000;

    private final Socket socket;
    private final InputStream in;

    public RawHttp(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(SO_TIMEOUT_MILLIS);
        in = socket.getInputStream();
    }

    /** Sends {@code requestHead} (CRLF line ends are added; the blank line too) and reads the response head. */
    public Reply sendAndReadHead(String... lines) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String line : lines) sb.append(line).append("\r\n");
        sb.append("\r\n");
        socket.getOutputStream().write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return readHead();
    }

    /** One-shot: sends the request and reads the response until the connection closes (use Connection: close). */
    public static Reply exchange(int port, String... lines) throws IOException {
        try (RawHttp http = new RawHttp(port)) {
            Reply head = http.sendAndReadHead(lines);
            return new Reply(head.status(), head.headers(), http.readToEnd());
        }
    }

    /** Reads exactly {@code n} body bytes (fewer only if the server closes first). */
    public byte[] read(int n) throws IOException {
        return in.readNBytes(n);
    }

    /** Reads until the server closes the connection or resets it. */
    public byte[] readToEnd() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) out.write(buf, 0, n);
        } catch (java.net.SocketException reset) {
            // an aborted response may end with a reset; what arrived is what counts
        }
        return out.toByteArray();
    }

    /** Closes with a TCP reset (SO_LINGER 0), like a player that is killed or seeks away. */
    public void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private Reply readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) throw new IOException("connection closed inside the response head: " + head);
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
        }
        return new Reply(status, headers, new byte[0]);
    }
}
