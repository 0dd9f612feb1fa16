package com.migrationhub.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The hub's configuration, merged in the order of SPEC §4: defaults in the jar, the home's
 * {@code hub.properties}, the home's {@code .env}, environment variables, then command-line flags.
 * Camel receives the merged result as override properties, so routes see one consistent view.
 */
public final class HubSettings {

    /** Names from the runbooks, mapped to the hub's own property names. */
    static final Map<String, String> RUNBOOK_NAMES = Map.of(
            "INNERGY_API_BASE_URL", "hub.innergy.base-url",
            "INNERGY_API_KEY", "hub.innergy.api-key",
            "PPAK_EXPORT_DIR", "hub.ppak.export-dir",
            "MIGRATION_OUTPUT_DIR", "hub.outbox",
            "MATERIAL_LIBRARY_MASTER", "hub.materials.master",
            "HUB_DB_URL", "hub.db.url",
            "EXTRUDER_DB_URL", "hub.extruder.db.url",
            "RMOS_DB_URL", "hub.rmos.db.url",
            "HUB_HTTP_TOKEN", "hub.http.token",
            "HUB_LOG_FORMAT", "hub.log.format");

    private final Map<String, String> values;

    private HubSettings(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static HubSettings load(Path home, Map<String, String> environment, Map<String, String> flags) {
        Map<String, String> merged = new LinkedHashMap<>();
        merged.putAll(classpathProperties("application.properties"));
        merged.putAll(propertiesFile(home.resolve("hub.properties")));
        merged.putAll(translate(dotEnv(home.resolve(".env"))));
        merged.putAll(translate(environment));
        merged.putAll(flags);
        merged.put("hub.home", home.toAbsolutePath().normalize().toString());
        defaultPaths(merged);
        return new HubSettings(merged);
    }

    /** Settings for tests and embedding: defaults plus the given overrides, no environment. */
    public static HubSettings of(Path home, Map<String, String> overrides) {
        return load(home, Map.of(), overrides);
    }

    private static void defaultPaths(Map<String, String> m) {
        String home = m.get("hub.home");
        m.computeIfAbsent("hub.instance.id", k -> hostName() + ":" + ProcessHandle.current().pid());
        m.putIfAbsent("hub.inbox", home + "/inbox");
        m.putIfAbsent("hub.outbox", home + "/outbox");
        m.putIfAbsent("hub.logs", home + "/logs");
        m.putIfAbsent("hub.data", home + "/data");
        m.putIfAbsent("hub.mappings", home + "/mappings");
        m.putIfAbsent("hub.routes", home + "/routes");
        m.computeIfAbsent("hub.materials.master", k -> m.get("hub.mappings") + "/material_library_master.csv");
        for (String key : new String[] {"hub.inbox", "hub.outbox", "hub.logs", "hub.data", "hub.mappings",
                "hub.routes", "hub.materials.master", "hub.ppak.export-dir"}) {
            String value = m.get(key);
            if (value != null && !value.isBlank() && !Path.of(value).isAbsolute()) {
                m.put(key, Path.of(home).resolve(value).normalize().toString());
            }
        }
        m.putIfAbsent("hub.ppak.export-dir", m.get("hub.inbox") + "/ppak");
        m.put("hub.rmos.data-dir", resolved(home, m.getOrDefault("hub.rmos.data-dir", m.get("hub.inbox") + "/rmos")));
        for (String part : new String[] {"logs", "config", "events"}) {
            String key = "hub.extruder." + part + "-dir";
            m.put(key, resolved(home, m.getOrDefault(key, m.get("hub.inbox") + "/extruder/" + part)));
        }
        String live = m.getOrDefault("hub.extruder.live-dir", "").strip();
        if (!live.isEmpty()) {
            m.put("hub.extruder.live-dir", resolved(home, live));
        }
        // the live tailer's route runs only where there is a controller folder to tail
        m.putIfAbsent("hub.extruder.live-enabled", Boolean.toString(!live.isEmpty()));
        String data = m.get("hub.data");
        String pragmas = "?journal_mode=WAL&busy_timeout=10000&foreign_keys=true&synchronous=NORMAL&transaction_mode=IMMEDIATE";
        m.putIfAbsent("hub.db.url", "jdbc:sqlite:" + data + "/hub.db" + pragmas);
        m.putIfAbsent("hub.extruder.db.url", "jdbc:sqlite:" + data + "/extruder.db" + pragmas);
        m.putIfAbsent("hub.rmos.db.url", "jdbc:sqlite:" + data + "/rmos.db" + pragmas);
        // one instance on SQLite; on PostgreSQL several may share the inboxes (HubCluster)
        m.putIfAbsent("hub.inbox.read-lock", m.get("hub.db.url").startsWith("jdbc:postgresql:") ? "idempotent-changed" : "changed");
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return System.getenv().getOrDefault("HOSTNAME", "hub");
        }
    }

    private static String resolved(String home, String path) {
        return Path.of(path).isAbsolute() ? path : Path.of(home).resolve(path).normalize().toString();
    }

    private static Map<String, String> translate(Map<String, String> raw) {
        Map<String, String> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            if (RUNBOOK_NAMES.containsKey(k)) {
                out.put(RUNBOOK_NAMES.get(k), v);
            } else if (k.startsWith("hub.")) {
                out.put(k, v);
            }
        });
        return out;
    }

    static Map<String, String> dotEnv(Path file) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                if (t.startsWith("export ")) {
                    t = t.substring(7).strip();
                }
                int eq = t.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String value = t.substring(eq + 1).strip();
                if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                        || value.startsWith("'") && value.endsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                out.put(t.substring(0, eq).strip(), value);
            }
        } catch (IOException e) {
            throw new HubConfigurationException("cannot read " + file + ": " + e.getMessage());
        }
        return out;
    }

    private static Map<String, String> propertiesFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return toMap(reader);
        } catch (IOException e) {
            throw new HubConfigurationException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static Map<String, String> classpathProperties(String name) {
        try (InputStream in = HubSettings.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                return Map.of();
            }
            return toMap(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new HubConfigurationException("cannot read " + name + ": " + e.getMessage());
        }
    }

    private static Map<String, String> toMap(Reader reader) throws IOException {
        Properties p = new Properties();
        p.load(reader);
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) {
            out.put(k, p.getProperty(k));
        }
        return out;
    }

    public String get(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new HubConfigurationException("missing setting " + key);
        }
        return v;
    }

    public String get(String key, String fallback) {
        String v = values.get(key);
        return v == null || v.isBlank() ? fallback : v;
    }

    public int getInt(String key, int fallback) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new HubConfigurationException(key + " must be a whole number, got '" + v + "'");
        }
    }

    public boolean getBoolean(String key, boolean fallback) {
        String v = values.get(key);
        return v == null || v.isBlank() ? fallback : Boolean.parseBoolean(v.strip());
    }

    public Path path(String key) {
        return Path.of(get(key));
    }

    public HubHome home() {
        return new HubHome(this);
    }

    /** A copy with more overrides, for one command's own flags. */
    public HubSettings with(Map<String, String> overrides) {
        Map<String, String> m = new LinkedHashMap<>(values);
        m.putAll(overrides);
        return new HubSettings(m);
    }

    /** Everything, for Camel's property placeholders. */
    public Properties asProperties() {
        Properties p = new Properties();
        values.forEach(p::setProperty);
        return p;
    }

    public Map<String, String> asMap() {
        return values;
    }
}
