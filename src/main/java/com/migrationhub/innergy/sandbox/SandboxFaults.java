package com.migrationhub.innergy.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The active fault rules; the first rule matching a call is used (and counted down). */
final class SandboxFaults {

    private final List<FaultRule> rules = new ArrayList<>();

    synchronized void add(List<FaultRule> more) {
        rules.addAll(more);
    }

    synchronized void clear() {
        rules.clear();
    }

    synchronized List<FaultRule> list() {
        return List.copyOf(rules);
    }

    synchronized Optional<FaultRule> take(String method, String path) {
        for (int i = 0; i < rules.size(); i++) {
            FaultRule rule = rules.get(i);
            if (rule.matches(method, path)) {
                FaultRule left = rule.used();
                if (left.exhausted()) {
                    rules.remove(i);
                } else {
                    rules.set(i, left);
                }
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }
}
