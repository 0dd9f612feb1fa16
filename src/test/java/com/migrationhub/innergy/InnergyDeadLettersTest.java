package com.migrationhub.innergy;

import static org.assertj.core.api.Assertions.assertThat;

import com.migrationhub.HubServices;
import com.migrationhub.core.HubSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** INNERGY dead letters: one file pair and one row per record, kept inside outbox/dead-letter/innergy. */
class InnergyDeadLettersTest {

    @TempDir
    Path home;

    @Test
    void aKeyWithSlashesOrDotsStaysInTheFolderAndARepeatUpdatesTheSameDeadLetter() throws Exception {
        try (HubServices services = HubServices.open(HubSettings.of(home, Map.of()))) {
            InnergyDeadLetters letters = new InnergyDeadLetters(services.home(), services.deadLetters(), services.ledger());
            letters.startRun();
            letters.reject(InnergyLinks.MATERIAL, "PNL-BIRCH-3/4-5X8", Map.of("sku", "PNL-BIRCH-3/4-5X8"), null, "first", null);
            letters.reject(InnergyLinks.MATERIAL, "../../escape", Map.of("sku", "x"), null, "no escape", null);
            letters.reject(InnergyLinks.MATERIAL, "PNL-BIRCH-3/4-5X8", Map.of("sku", "PNL-BIRCH-3/4-5X8"), null, "second", null);

            Path folder = services.home().deadLetter("innergy");
            assertThat(Files.readString(folder.resolve("material_PNL-BIRCH-3_4-5X8.json.reason.txt"))).contains("second");
            try (var files = Files.list(folder)) {
                assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder(
                        "material_PNL-BIRCH-3_4-5X8.json", "material_PNL-BIRCH-3_4-5X8.json.reason.txt",
                        "material_.._.._escape.json", "material_.._.._escape.json.reason.txt");
            }
            assertThat(services.deadLetters().pending("innergy")).extracting(d -> d.sourceFile() + " " + d.reason())
                    .containsExactlyInAnyOrder("material:PNL-BIRCH-3/4-5X8 second", "material:../../escape no escape");
        }
    }
}
