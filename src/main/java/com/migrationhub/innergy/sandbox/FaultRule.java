package com.migrationhub.innergy.sandbox;

import java.util.regex.Pattern;

/**
 * A fault the sandbox injects into matching API calls ({@code POST /__admin/faults}), PascalCase JSON:
 * <ul>
 * <li>{@code Method}: GET, POST or * (default *); {@code Path}: a glob, {@code *} within one segment,
 *     {@code **} across segments (default {@code /api/**});</li>
 * <li>{@code Status}: answer this status with INNERGY's error body, nothing applied;
 *     {@code RetryAfter}: seconds, sent as {@code Retry-After};</li>
 * <li>{@code DelayMs}: answer this much later (a write is applied first, as on a slow server);</li>
 * <li>{@code Drop}: {@code before} closes the connection without applying anything, {@code after}
 *     applies the write and then closes the connection without an answer;</li>
 * <li>{@code Times}: how many matching calls it hits (default 1; -1 forever; 0 none).</li>
 * </ul>
 */
public record FaultRule(String method, String path, Integer status, Integer times, Integer retryAfter, Integer delayMs,
                        String drop) {

    public static final String DROP_BEFORE = "before";
    public static final String DROP_AFTER = "after";

    public FaultRule {
        method = method == null || method.isBlank() ? "*" : method.toUpperCase(java.util.Locale.ROOT);
        path = path == null || path.isBlank() ? "/api/**" : path;
        times = times == null ? 1 : times;
        if (drop != null && !drop.equals(DROP_BEFORE) && !drop.equals(DROP_AFTER)) {
            throw SandboxError.badRequest("Drop must be 'before' or 'after', got '" + drop + "'");
        }
        if (status != null && (status < 100 || status > 599)) {
            throw SandboxError.badRequest("Status must be an HTTP status, got " + status);
        }
    }

    public static FaultRule status(String method, String path, int status, int times, Integer retryAfter) {
        return new FaultRule(method, path, status, times, retryAfter, null, null);
    }

    public static FaultRule drop(String method, String path, String when, int times) {
        return new FaultRule(method, path, null, times, null, null, when);
    }

    public static FaultRule delay(String method, String path, int delayMs, int times) {
        return new FaultRule(method, path, null, times, null, delayMs, null);
    }

    boolean matches(String requestMethod, String requestPath) {
        return ("*".equals(method) || method.equals(requestMethod)) && glob(path).matcher(requestPath).matches();
    }

    FaultRule used() {
        return times < 0 ? this : new FaultRule(method, path, status, times - 1, retryAfter, delayMs, drop);
    }

    boolean exhausted() {
        return times == 0;
    }

    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
