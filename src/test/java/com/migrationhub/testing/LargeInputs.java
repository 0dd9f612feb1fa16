package com.migrationhub.testing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Large generated inputs for the tests that run the hub as a separate JVM. */
public final class LargeInputs {

    private LargeInputs() {
    }

    /** A PPak projects export of {@code rows} rows; every {@code badEvery}-th row has no customer and must be rejected. */
    public static void projects(Path file, int rows, int badEvery) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("Job Id,Job Number,Description,Job Type,Job Status,Phase,Bill To Customer,Start Date,Due Date,Sell Price,Notes\r\n");
            for (int i = 1; i <= rows; i++) {
                String customer = i % badEvery == 0 ? "" : "Customer " + (i % 977);
                w.write(i + ",J-" + i + ",\"Project " + i + ", cabinets\",Commercial,In Progress,Fab," + customer
                        + ",2024-01-08,04/30/2024,\"$" + (1000 + i % 5000) + ",000.00\",generated\r\n");
            }
        }
    }
}
