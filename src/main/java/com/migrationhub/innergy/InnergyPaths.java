package com.migrationhub.innergy;

import com.migrationhub.core.HubConfigurationException;
import com.migrationhub.core.HubSettings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one route table of the INNERGY API ({@code hub.innergy.paths.*}), shared by the client and the
 * sandbox so a path corrected against a real tenant changes both. Only paths are configurable; each
 * operation's method is part of the contract.
 */
public final class InnergyPaths {

    /** Every operation of the contract, with its HTTP method and the property naming its path. */
    public enum Operation {
        VERSION("GET", "version"),
        PROJECTS("GET", "projects"),
        PROJECT("GET", "project"),
        PROJECT_CREATE("POST", "project-create"),
        PROJECT_EDIT("POST", "project-edit"),
        WORK_ORDERS("GET", "work-orders"),
        WORK_ORDER_CREATE("POST", "work-order-create"),
        WORK_ORDER_EDIT("POST", "work-order-edit"),
        MATERIALS("GET", "materials"),
        MATERIAL_CREATE("POST", "material-create"),
        MATERIAL_EDIT("POST", "material-edit"),
        MATERIAL_DEACTIVATE("POST", "material-deactivate");

        private final String method;
        private final String key;

        Operation(String method, String key) {
            this.method = method;
            this.key = key;
        }

        public String method() { return method; }
        public String property() { return "hub.innergy.paths." + key; }
    }

    /** A request path matched to an operation, with its path variables. */
    public record Match(Operation operation, Map<String, String> variables) {
        public String variable(String name) {
            return variables.get(name);
        }
    }

    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z]+)}");

    private final Map<Operation, String> templates;
    private final List<Map.Entry<Operation, Pattern>> matchers = new ArrayList<>();

    public InnergyPaths(Map<Operation, String> templates) {
        this.templates = Map.copyOf(templates);
        for (Operation op : Operation.values()) {
            String template = templates.get(op);
            if (template == null || !template.startsWith("/")) {
                throw new HubConfigurationException(op.property() + " must be a path starting with /, got '" + template + "'");
            }
            StringBuilder regex = new StringBuilder();
            Matcher m = VARIABLE.matcher(template);
            int last = 0;
            while (m.find()) {
                regex.append(Pattern.quote(template.substring(last, m.start()))).append("(?<").append(m.group(1)).append(">[^/]+)");
                last = m.end();
            }
            regex.append(Pattern.quote(template.substring(last)));
            matchers.add(Map.entry(op, Pattern.compile(regex.toString())));
        }
        // Literal paths win over templated ones: POST /api/projects/create is not project "create".
        matchers.sort(Comparator.comparingLong(e -> VARIABLE.matcher(templates.get(e.getKey())).results().count()));
    }

    public static InnergyPaths from(HubSettings settings) {
        Map<Operation, String> t = new LinkedHashMap<>();
        for (Operation op : Operation.values()) {
            t.put(op, settings.get(op.property()));
        }
        return new InnergyPaths(t);
    }

    /** The path of an operation with its variables filled in (URL-encoded). */
    public String path(Operation op, String... nameValuePairs) {
        String path = templates.get(op);
        for (int i = 0; i + 1 < nameValuePairs.length; i += 2) {
            path = path.replace("{" + nameValuePairs[i] + "}",
                    URLEncoder.encode(nameValuePairs[i + 1], StandardCharsets.UTF_8).replace("+", "%20"));
        }
        if (path.contains("{")) {
            throw new IllegalArgumentException("path variables missing for " + op + ": " + path);
        }
        return path;
    }

    /** The operation a request names, if any (the sandbox's router). */
    public Optional<Match> match(String method, String path) {
        for (Map.Entry<Operation, Pattern> e : matchers) {
            if (!e.getKey().method().equals(method)) {
                continue;
            }
            Matcher m = e.getValue().matcher(path);
            if (m.matches()) {
                Map<String, String> vars = new LinkedHashMap<>();
                VARIABLE.matcher(templates.get(e.getKey())).results().forEach(r -> vars.put(r.group(1),
                        java.net.URLDecoder.decode(m.group(r.group(1)), StandardCharsets.UTF_8)));
                return Optional.of(new Match(e.getKey(), vars));
            }
        }
        return Optional.empty();
    }

    public String template(Operation op) {
        return templates.get(op);
    }
}
