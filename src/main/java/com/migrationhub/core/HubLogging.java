package com.migrationhub.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * Points the log files (logs/hub.log and the per-flow logs) at a home's logs folder, and hands log4j2.xml the
 * home's log settings: {@code hub.log.format} (text or json), {@code hub.log.max-size} (a file rolls at this size,
 * and at midnight), {@code hub.log.max-total} and {@code hub.log.retention-days} (when rolled files are deleted).
 */
public final class HubLogging {

    private static final String[] SETTINGS = {"hub.log.format", "hub.log.max-size", "hub.log.max-total", "hub.log.retention-days"};

    private HubLogging() {
    }

    public static void pointAt(String logsFolder) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("hub.logs", logsFolder);
        apply(properties);
    }

    /** The logs folder and the log settings of these settings (a setting not given keeps log4j2.xml's default). */
    public static void configure(HubSettings settings) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("hub.logs", settings.get("hub.logs"));
        for (String key : SETTINGS) {
            properties.put(key, settings.get(key, null));
        }
        apply(properties);
    }

    private static void apply(Map<String, String> properties) {
        boolean changed = false;
        for (Map.Entry<String, String> p : properties.entrySet()) {
            String previous = p.getValue() == null ? System.clearProperty(p.getKey()) : System.setProperty(p.getKey(), p.getValue());
            changed |= !Objects.equals(previous, p.getValue());
        }
        if (changed && LogManager.getContext(false) instanceof LoggerContext context) {
            context.reconfigure();
        }
    }
}
