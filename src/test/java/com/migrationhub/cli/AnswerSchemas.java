package com.migrationhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The published contract, docs/schemas/: checks a command's real answer against the schema of the command it
 * names, and that the answer is honest — its exit_code is the process's, and every file it names exists.
 */
final class AnswerSchemas {

    static final Path DIR = Path.of("docs/schemas").toAbsolutePath();

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    /** Commands whose answer was checked, and whether it was an error answer: "ppak-etl ok", "ppak-etl error". */
    final Set<String> checked = new TreeSet<>();

    /** The schema file of a command: {@code dead-letter list} → dead-letter-list.schema.json; the root's errors → the envelope. */
    static Path schemaFile(String command) {
        return DIR.resolve((command.equals("hub") ? "envelope" : command.replace(' ', '-')) + ".schema.json");
    }

    static Set<ValidationMessage> problems(String command, JsonNode answer) {
        JsonSchema schema = SCHEMAS.computeIfAbsent(command, c -> FACTORY.getSchema(SchemaLocation.of(schemaFile(c).toUri().toString()), CONFIG));
        return schema.validate(answer);
    }

    /** Asserts {@code run} printed one answer of {@code command} matching its schema; returns it. */
    JsonNode check(CommandRun run, String command) {
        JsonNode answer = run.json();
        assertThat(answer.path("command").asText()).as(run.stdout()).isEqualTo(command);
        assertThat(answer.path("exit_code").asInt()).as("the answer's exit_code is the process's").isEqualTo(run.exitCode());
        assertThat(problems(command, answer)).as("%s answer against %s:%n%s", command, schemaFile(command).getFileName(), run.stdout())
                .isEmpty();
        for (String kind : new String[] {"reports", "outputs", "dead_letters"}) {
            answer.get(kind).forEach(p -> assertThat(Path.of(p.asText())).as(kind).exists());
        }
        checked.add(command + (answer.has("error") ? " error" : " ok"));
        return answer;
    }

    static boolean exists(String command) {
        return Files.isRegularFile(schemaFile(command));
    }
}
