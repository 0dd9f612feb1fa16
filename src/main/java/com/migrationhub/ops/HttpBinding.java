package com.migrationhub.ops;

import com.migrationhub.core.HubConfigurationException;
import com.migrationhub.core.HubSettings;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;

/**
 * Checks the HTTP settings before Camel starts: Camel only logs a port already in use and carries on
 * without HTTP, and a non-loopback address without a token would expose the mutating endpoints.
 */
public final class HttpBinding {

    private HttpBinding() {
    }

    public static HubSettings checked(HubSettings settings) {
        String host = settings.get("hub.http.host");
        int port = settings.getInt("hub.http.port", 8080);
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (IOException e) {
            throw new HubConfigurationException("hub.http.host '" + host + "' is not an address");
        }
        if (!address.isLoopbackAddress() && settings.get("hub.http.token", "").isBlank()) {
            throw new HubConfigurationException("refusing to serve HTTP on " + host
                    + " without hub.http.token: set a token or bind to 127.0.0.1");
        }
        if (port == 0) {
            return settings.with(Map.of("hub.http.port", Integer.toString(freePort())));
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(address, port));
        } catch (IOException e) {
            throw new HubConfigurationException("HTTP port " + host + ":" + port + " is in use (set hub.http.port)");
        }
        return settings;
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
