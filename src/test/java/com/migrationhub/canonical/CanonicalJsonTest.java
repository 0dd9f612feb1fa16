package com.migrationhub.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.migrationhub.core.Hashing;
import com.migrationhub.core.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The payload and the snapshot entry of a record: one content, two layouts, the snapshot's exactly Jackson's. */
class CanonicalJsonTest {

    private static final CanonicalWorkOrder WORK_ORDER = new CanonicalWorkOrder("WO-1", "J-24-1001", "1001",
            "Cabinets \"A\", é", null, "open", "install", LocalDate.of(2024, 1, 15), null, new BigDecimal("12.50"),
            new BigDecimal("1001.00"), List.of(new CanonicalWorkOrder.MaterialLine("PP-1", "SKU-1", true, BigDecimal.ONE),
                    new CanonicalWorkOrder.MaterialLine("PP-2", null, false, new BigDecimal("2.5"))));

    private static String defaultPretty(Object value) throws Exception {
        return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
    }

    @Test
    void theSnapshotPrinterLaysOutJsonExactlyAsJacksonsDefaultPrinter() throws Exception {
        ObjectNode tree = Json.mapper().createObjectNode();
        tree.putObject("empty_object");
        tree.putArray("empty_array");
        tree.putArray("objects").addObject().put("a", 1).putObject("deep").putArray("xs").add(1).add("two").addObject();
        tree.putArray("scalars").add(1).add(true).addNull();
        tree.put("text", "line\nbreak");
        for (Object value : List.<Object>of(tree, WORK_ORDER, List.of(), List.of(tree, tree))) {
            assertThat(Json.mapper().writer(new SnapshotPrettyPrinter()).writeValueAsString(value))
                    .isEqualTo(defaultPretty(value).replace(System.lineSeparator(), "\n"));
        }
    }

    @Test
    void theEntryIsTheRecordsFieldsThenItsInnergyLink() throws Exception {
        CanonicalJson.Rendered rendered = CanonicalJson.render(WORK_ORDER);
        String entry = new String(rendered.snapshotEntry(), StandardCharsets.UTF_8);
        ObjectNode expected = Json.mapper().copy()
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false).valueToTree(WORK_ORDER);
        expected.putNull("innergy_id");
        assertThat(entry).isEqualTo(defaultPretty(expected).replace(System.lineSeparator(), "\n"));

        String linked = new String(CanonicalJson.snapshotEntry(WORK_ORDER, "a1b2-\"c\""), StandardCharsets.UTF_8);
        JsonNode parsed = Json.mapper().readTree(linked);
        assertThat(parsed.get("innergy_id").asText()).isEqualTo("a1b2-\"c\"");
        assertThat(parsed.get("description").asText()).isEqualTo("Cabinets \"A\", é");
        assertThat(parsed.get("materials")).hasSize(2);
    }

    @Test
    void thePayloadIsCompactAndItsHashIsTheContentHash() throws Exception {
        CanonicalJson.Rendered rendered = CanonicalJson.render(WORK_ORDER);
        assertThat(rendered.payload()).isEqualTo(Json.write(WORK_ORDER)).doesNotContain("\n");
        assertThat(rendered.hash()).isEqualTo(Hashing.sha256(rendered.payload()));
        assertThat(Json.mapper().readTree(rendered.payload()).get("sell_price").decimalValue()).isEqualByComparingTo("1001.00");
    }
}
