package com.migrationhub.rmos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The translator and validator on the shipped samples, without Camel: each document's row or reason. */
class DocumentValidatorTest {

    private final DocumentReader reader = new DocumentReader();
    private final DocumentValidator validator = new DocumentValidator();

    private CheckedDocument check(String sample) throws IOException {
        return validator.check(parse(sample));
    }

    private SourceDocument parse(String sample) throws IOException {
        return reader.parse(sample, null, text("samples/rmos/" + sample));
    }

    private static String text(String resource) throws IOException {
        try (InputStream in = DocumentValidatorTest.class.getResourceAsStream("/" + resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void rejectedSamplesNameTheirField() throws IOException {
        assertThat(check("strip_families/bad-width.json").reason()).startsWith("strip_width_mm must be > 0 (got -1)");
        assertThat(check("patterns/missing-geometry.json").reason()).isEqualTo("missing required field geometry");
        assertThat(check("patterns/truncated.json").reason()).startsWith("not valid JSON: Unexpected end-of-input")
                .contains("line 1, column 89");
        assertThat(check("joblogs/completed-no-end.json").reason()).isEqualTo("a completed job needs end_time");
        assertThat(check("joblogs/no-params.json").reason()).isEqualTo("missing required field parameters");
    }

    @Test
    void validSamplesBecomeRmosRows() throws IOException {
        CheckedDocument ebony = check("strip_families/ebony-standard.json");
        assertThat(ebony.valid()).isTrue();
        assertThat(ebony.row().columns()).containsEntry("strip_width_mm", 2.0).containsEntry("material_type", "Ebony")
                .containsEntry("created_at", "2025-01-14T09:12:33");
        assertThat((String) ebony.row().columns().get("strips_json")).startsWith("[{\"id\":\"strip-001\"");

        CheckedDocument rosette = check("patterns/rosette/studio-rosette-a.json");
        assertThat(rosette.row().columns()).containsEntry("pattern_type", "rosette").containsEntry("geometry_json", "{}")
                .containsEntry("ring_count", 2);
        assertThat((String) rosette.row().columns().get("rosette_geometry")).contains("\"segmentation\"");
        assertThat(rosette.row().references()).isEmpty();

        CheckedDocument orphan = check("patterns/orphan-family.json");
        assertThat(orphan.valid()).as("valid on its own; the loader finds the family missing").isTrue();
        assertThat(orphan.row().references()).singleElement()
                .satisfies(r -> assertThat(r.describe()).isEqualTo("unknown strip family fam-does-not-exist (strip_family_id)"));

        CheckedDocument planned = check("joblogs/rosette-batch.json");
        assertThat(planned.row().columns()).containsEntry("status", "planned").containsEntry("job_type", "rosette_slice_batch");
        assertThat(planned.row().references()).extracting(RmosRow.Reference::id).containsExactly("pat-rosette-a");
    }

    @Test
    void aDocumentWithoutIdGetsTheSameIdEveryTimeWhateverItsLayout() throws IOException {
        CheckedDocument first = check("patterns/no-id-spiral.json");
        CheckedDocument again = check("patterns/no-id-spiral.json");
        assertThat(first.row().id()).startsWith("pat-").hasSize(4 + 16).isEqualTo(again.row().id());

        // Same content, keys in another order and no indentation: same document, same id.
        String compact = "{\"strip_family_id\":\"fam-maple-bw\",\"geometry\":{\"rings\":[{\"segments\":48,\"radius_mm\":42},"
                + "{\"segments\":56,\"radius_mm\":47}]},\"ring_count\":2,\"name\":\"Spiral (no id in legacy file)\"}";
        CheckedDocument relaid = validator.check(reader.parse("patterns/other-name.json", null, compact));
        assertThat(relaid.row().id()).isEqualTo(first.row().id());
    }

    @Test
    void wrongTypesAndRangesAreNamed() {
        assertThat(reason("patterns/p.json", "{\"name\":\"x\",\"ring_count\":2.5,\"geometry\":{\"rings\":[]}}"))
                .isEqualTo("ring_count must be a whole number (got 2.5)");
        assertThat(reason("patterns/p.json", "{\"name\":\"x\",\"ring_count\":0,\"geometry\":{}}"))
                .isEqualTo("ring_count must be >= 1 (got 0)");
        assertThat(reason("patterns/p.json", "{\"name\":\"x\",\"ring_count\":1,\"geometry\":[1]}"))
                .isEqualTo("geometry must be an object (got array)");
        assertThat(reason("patterns/p.json", "{\"name\":\"x\",\"ring_count\":1,\"pattern_type\":\"rosette\"}"))
                .startsWith("missing required field rosette_geometry");
        assertThat(reason("strip_families/f.json", "{\"name\":\"x\",\"strip_width_mm\":\"2\",\"strip_thickness_mm\":1,"
                + "\"material_type\":\"Maple\",\"strips\":[{}]}")).isEqualTo("strip_width_mm must be a number (got string)");
        assertThat(reason("joblogs/j.json", "{\"job_type\":\"polish\",\"status\":\"done\",\"parameters\":{}}"))
                .isEqualTo("job_type polish is not a known job type (slice, batch, contour, assembly, rosette_*); "
                        + "status done is not a known status (pending, planned, running, completed, failed, cancelled)");
        assertThat(reason("joblogs/j.json", "{\"job_type\":\"slice\",\"parameters\":{},\"created_at\":\"yesterday\"}"))
                .isEqualTo("created_at must be an ISO timestamp (got yesterday)");
        assertThat(reason("joblogs/j.json", "[1, 2]")).isEqualTo("not a JSON object (found array)");
        assertThat(reason("notes/readme.json", "{}")).isEqualTo("not in a strip_families/, patterns/ or joblogs/ folder");
        assertThat(reason("patterns/notes.txt", "hello")).isEqualTo("not a .json document");
    }

    @Test
    void storedAsTheRmosApplicationStoresIt() {
        String family = "{\"name\":\"x\",\"strip_width_mm\":2,\"strip_thickness_mm\":1,\"material_type\":\"Maple\",\"strips\":[{}],";
        CheckedDocument plain = validator.check(reader.parse("strip_families/f.json", null,
                family + "\"created_at\":\"2025-01-14 09:12:33\",\"updated_at\":\"2025-01-14T09:12:33+02:00\"}"));
        assertThat(plain.row().columns()).containsEntry("metadata_json", null)
                .containsEntry("created_at", "2025-01-14T09:12:33").containsEntry("updated_at", "2025-01-14T07:12:33");
        CheckedDocument fraction = validator.check(reader.parse("strip_families/g.json", null,
                family + "\"metadata\":{\"a\":1},\"created_at\":\"2025-01-14T23:30:00.5-01:00\"}"));
        assertThat(fraction.row().columns()).containsEntry("metadata_json", "{\"a\":1}")
                .containsEntry("created_at", "2025-01-15T00:30:00.500000");

        CheckedDocument three = validator.check(reader.parse("patterns/p.json", null,
                "{\"name\":\"x\",\"ring_count\":3.0,\"geometry\":{}}"));
        assertThat(three.valid()).as(three.reason()).isTrue();
        assertThat(three.row().columns()).containsEntry("ring_count", 3);
    }

    private String reason(String path, String json) {
        return validator.check(reader.parse(path, null, json)).reason();
    }
}
