package dev.mppractice.mp.internal;

import java.io.IOException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.net.spi.URLStreamHandlerProvider;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code mpprobe:} URL scheme, for {@link ClassFilterTest}'s URLDNS case: a {@link URL}'s
 * {@code hashCode} asks its handler, and the JDK's handlers resolve the host there (the DNS
 * request the URLDNS gadget makes). This handler counts the calls and resolves nothing, so the
 * test can tell whether a stream got as far as hashing the URL without touching the network.
 * Registered in {@code META-INF/services/java.net.spi.URLStreamHandlerProvider}.
 */
public final class ProbeUrlHandlers extends URLStreamHandlerProvider {
    static final String SCHEME = "mpprobe";
    /** How many times a URL of this scheme was hashed (where a real handler would resolve its host). */
    static final AtomicInteger HASHED = new AtomicInteger();

    @Override
    public URLStreamHandler createURLStreamHandler(String protocol) {
        if (!SCHEME.equals(protocol)) {
            return null;
        }
        return new URLStreamHandler() {
            @Override
            protected URLConnection openConnection(URL u) throws IOException {
                throw new IOException("the probe scheme opens nothing");
            }

            @Override
            protected int hashCode(URL u) {
                HASHED.incrementAndGet();
                return 42;
            }
        };
    }
}
