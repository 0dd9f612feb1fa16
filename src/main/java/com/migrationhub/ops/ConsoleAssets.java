package com.migrationhub.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The operator console's files, read from the jar: the pages, scripts and styles under {@code console/} and uPlot
 * from its WebJar. Only a plain file name is served (no folders, no dot-dot), so nothing else on the classpath is
 * reachable; the WebJar's version is read from its own Maven metadata, so the pom names it once.
 */
public final class ConsoleAssets {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*\\.(html|js|css|svg)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml");
    private static final Map<String, String> VENDOR = Map.of("uPlot.iife.min.js", "dist/uPlot.iife.min.js",
            "uPlot.min.css", "dist/uPlot.min.css", "uPlot-LICENSE", "LICENSE");

    private final String uplot;

    public ConsoleAssets() {
        this.uplot = "META-INF/resources/webjars/uplot/" + webJarVersion("org.webjars.npm", "uplot") + "/";
    }

    /** {@code GET /} and {@code GET /console/{file}}. */
    public byte[] file(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new NoSuchElementException("no such console file");
        }
        return read("console/" + name);
    }

    /** {@code GET /console/vendor/{file}}. */
    public byte[] vendor(String name) {
        String path = name == null ? null : VENDOR.get(name);
        if (path == null) {
            throw new NoSuchElementException("no such console file");
        }
        return read(uplot + path);
    }

    public String contentType(String name) {
        String ext = name == null ? "" : name.substring(name.lastIndexOf('.') + 1);
        return TYPES.getOrDefault(ext, "text/plain; charset=utf-8");
    }

    private static byte[] read(String resource) {
        try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new NoSuchElementException("no such console file");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String webJarVersion(String group, String artifact) {
        Properties p = new Properties();
        try (InputStream in = ConsoleAssets.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/" + group + "/" + artifact + "/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the " + artifact + " WebJar is not on the classpath");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }
}
