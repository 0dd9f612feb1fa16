package com.migrationhub.ppak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.migrationhub.core.RejectedFileException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ShopPAK labels and snake_case names resolve to the same fields, ignoring case and spacing. */
class ColumnsTest {

    @Test
    void shopPakLabelsAndSnakeCaseNamesAreTheSameColumns() {
        Columns labels = Columns.resolve(ExportKind.PROJECTS, List.of("Job Id", "Description", "Bill To Customer", "_line"));
        Columns snake = Columns.resolve(ExportKind.PROJECTS, List.of(" PROJECT_ID ", "project_name", "customer"));
        assertThat(labels.get(List.of("1001", " Kitchens ", "Acme", "5"), "name")).isEqualTo("Kitchens");
        assertThat(snake.get(List.of("1001", "Kitchens", "Acme"), "job_id")).isEqualTo("1001");
        assertThat(labels.get(List.of("1001", "Kitchens", "  ", "5"), "customer")).isNull();
    }

    @Test
    void aHeaderOfAnotherKindRejectsTheWholeFile() {
        assertThatThrownBy(() -> Columns.resolve(ExportKind.WORK_ORDERS, List.of("Inventory Code", "Category")))
                .isInstanceOf(RejectedFileException.class).hasMessageContaining("no recognisable work_orders header");
    }

    @Test
    void exportNamesCarryKindAndDateAndFixedCopiesNameTheSameExport() {
        assertThat(ExportName.parse("work_orders_2024-01-15.csv")).get()
                .satisfies(e -> assertThat(e.kind()).isEqualTo(ExportKind.WORK_ORDERS));
        assertThat(ExportName.parse("projects_2024-01-15.csv.rejected.csv")).get()
                .satisfies(e -> assertThat(e.date()).hasToString("2024-01-15"));
        assertThat(ExportName.parse("projects_2024-02-30.csv")).isEmpty();
        assertThat(ExportName.parse("customers_2024-01-15.csv")).isEmpty();
    }
}
