package com.migrationhub.cli;

import java.util.Map;

/** What a command's work came to: its exit code, its own result (the JSON answer's body) and the human summary. */
record Outcome(int exitCode, Map<String, Object> result, String human) {
}
