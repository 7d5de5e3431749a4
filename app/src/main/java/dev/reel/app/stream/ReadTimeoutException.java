package dev.reel.app.stream;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Thrown by a {@link StreamSource} channel's {@code read} when the data at the read position did not arrive (was not
 * downloaded and hash-verified) within the reader's deadline. The channel stays usable; the stream server answers 503
 * if nothing was sent yet, and otherwise aborts the response.
 */
public final class ReadTimeoutException extends IOException {

    private static final long serialVersionUID = 1L;

    public ReadTimeoutException(String message, TimeoutException cause) {
        super(message, cause);
    }

    public ReadTimeoutException(String message) {
        super(message, new TimeoutException(message));
    }
}
