package com.migrationhub.extruder;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The checks the controller makes before it stores a {@code config.json}, each violation named with its path and value
 * ({@code dm556.current_peak 9.5 outside 0.1–5.0}). A snapshot breaking any rule is rejected whole, naming all of them.
 * Sections a snapshot lacks are not checked: older controllers wrote fewer sections.
 */
public final class ConfigRules {

    public List<String> violations(JsonNode config) {
        List<String> out = new ArrayList<>();
        if (!config.isObject()) {
            out.add("the document is not a JSON object");
            return out;
        }
        for (String zone : List.of("z1", "z2")) {
            for (String gain : List.of("kp", "ki", "kd")) {
                range(out, config, zone + "." + gain, 0, 1000, "0–1000");
            }
        }
        JsonNode microsteps = at(config, "dm556.microsteps");
        if (microsteps != null && !(microsteps.isIntegralNumber() && microsteps.asLong() > 0)) {
            out.add("dm556.microsteps " + microsteps + " is not a whole number above 0");
        }
        range(out, config, "dm556.current_peak", 0.1, 5.0, "0.1–5.0");
        JsonNode pins = config.path("pins");
        for (Iterator<Map.Entry<String, JsonNode>> it = pins.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> pin = it.next();
            JsonNode v = pin.getValue();
            if (!v.isNull() && !(v.isIntegralNumber() && v.asLong() >= 0 && v.asLong() <= 40)) {
                out.add("pins." + pin.getKey() + " " + v + " is not a BCM pin 0–40 or null");
            }
        }
        range(out, config, "pwm.frequency", 10, 50000, "10–50000");
        for (Iterator<Map.Entry<String, JsonNode>> it = config.path("pwm").path("channels").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> channel = it.next();
            JsonNode v = channel.getValue();
            if (!(v.isIntegralNumber() && v.asLong() >= 0 && v.asLong() <= 15)) {
                out.add("pwm.channels." + channel.getKey() + " " + v + " outside 0–15");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = config.path("sensors").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> sensor = it.next();
            for (String constant : List.of("r_fixed", "r_25", "beta", "v_ref")) {
                JsonNode v = sensor.getValue().get(constant);
                if (v != null && !(v.isNumber() && v.asDouble() > 0)) {
                    out.add("sensors." + sensor.getKey() + "." + constant + " " + v + " is not positive");
                }
            }
        }
        JsonNode fsr = at(config, "adc.fsr");
        if (fsr != null && !(fsr.isNumber() && fsr.asDouble() > 0)) {
            out.add("adc.fsr " + fsr + " is not positive");
        }
        range(out, config, "logging.interval", 0.01, 3600, "0.01–3600");
        range(out, config, "logging.flush_interval", 0.1, 3600, "0.1–3600");
        sequence(out, config.path("extruder_sequence"));
        return out;
    }

    /** Both shapes: the older delays, or startup/shutdown/emergency step lists. */
    private static void sequence(List<String> out, JsonNode sequence) {
        for (String list : List.of("startup", "shutdown", "emergency")) {
            JsonNode steps = sequence.get(list);
            if (steps == null) {
                continue;
            }
            if (!steps.isArray()) {
                out.add("extruder_sequence." + list + " is not a list of steps");
                continue;
            }
            for (int i = 0; i < steps.size(); i++) {
                JsonNode delay = steps.get(i).get("delay");
                if (delay != null && !(delay.isNumber() && delay.asDouble() >= 0)) {
                    out.add("extruder_sequence." + list + "[" + i + "].delay " + delay + " is below 0");
                }
            }
        }
        for (String delay : List.of("start_delay_feed", "stop_delay_motor")) {
            JsonNode v = sequence.get(delay);
            if (v != null && !(v.isNumber() && v.asDouble() >= 0)) {
                out.add("extruder_sequence." + delay + " " + v + " is below 0");
            }
        }
    }

    private static void range(List<String> out, JsonNode config, String path, double min, double max, String bounds) {
        JsonNode v = at(config, path);
        if (v == null) {
            return;
        }
        if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
            out.add(path + " " + v + " outside " + bounds);
        }
    }

    private static JsonNode at(JsonNode root, String dotted) {
        JsonNode n = root;
        for (String part : dotted.split("\\.")) {
            n = n == null ? null : n.get(part);
        }
        return n == null || n.isMissingNode() ? null : n;
    }
}
