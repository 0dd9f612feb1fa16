package com.migrationhub.testing;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Puts a shipped sample or test fixture into an inbox the way a user drops a file: complete, under its final name. */
public final class InboxDrop {

    private InboxDrop() {
    }

    public static void copy(String resource, Path target) throws Exception {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try (InputStream in = InboxDrop.class.getResourceAsStream("/" + resource)) {
            Files.copy(in, tmp);
        }
        Files.move(tmp, target);
    }
}
