package dev.vamana.server;

import dev.vamana.VamanaException;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Settings of a {@link VamanaServer}: where it listens, the optional API key, and request limits. Immutable.
 *
 * @param host         interface to bind; 127.0.0.1 unless the user asks for another
 * @param port         TCP port; 0 picks a free one
 * @param apiKey       when non-null, every endpoint but /health (and the static page) needs it, as
 *                     {@code Authorization: Bearer KEY} or {@code X-API-Key: KEY}; null for none, never blank
 * @param maxBodyBytes largest request body (JSON or upload) accepted
 */
public record ServerOptions(String host, int port, String apiKey, long maxBodyBytes) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_MAX_BODY = 32L << 20;

    public ServerOptions {
        if (host == null || host.isBlank()) host = DEFAULT_HOST;
        if (port < 0 || port > 65535) throw new VamanaException("--port: expected 0..65535, got " + port);
        if (apiKey != null && apiKey.isBlank()) throw new VamanaException("API key: expected a non-empty key (null for none)");
        if (maxBodyBytes < 1024) throw new VamanaException("max body size: expected at least 1024 bytes, got " + maxBodyBytes);
    }

    /** True when the host is a loopback address (127.0.0.1, ::1, localhost): only this machine can connect. */
    public boolean loopbackOnly() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** True when the host is the wildcard address (0.0.0.0 or ::): the server listens on every interface. */
    public boolean allInterfaces() {
        try {
            return InetAddress.getByName(host).isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Loopback, the given port, no key, 32 MB bodies. */
    public static ServerOptions local(int port) {
        return new ServerOptions(DEFAULT_HOST, port, null, DEFAULT_MAX_BODY);
    }
}
