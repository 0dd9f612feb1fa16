package com.migrationhub.extruder.cutover;

import com.migrationhub.core.AtomicFiles;
import com.migrationhub.core.Database;
import com.migrationhub.core.HubConfigurationException;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * {@code cutover_backup_<ts>.tar.gz}: the controller's config file(s) under {@code config/}, its logs folder under
 * {@code logs/}, the extruder database under {@code database/} (a consistent SQLite copy made with
 * {@code VACUUM INTO}, or {@code pg_dump -Fc}) and {@code MANIFEST.sha256} in the format {@code sha256sum -c}
 * reads. Files are streamed (hashed as they are written, a few KiB of heap whatever their size); links are never
 * followed, so nothing outside the folders is taken; a log still growing is taken up to its size when it was listed.
 */
public final class CutoverBackup {

    public static final String MANIFEST = "MANIFEST.sha256";

    /** What a backup holds: its entries with their hashes, and how the database was saved. */
    public record Written(Path archive, Map<String, String> entries, long bytes, String database, List<String> skipped) {
    }

    /** What verifying found: files whose content differs, files missing, and whether the archive itself was readable. */
    public record Verified(Path archive, int files, List<String> differ, List<String> missing, List<String> unlisted, String damaged) {
        public boolean ok() {
            return differ.isEmpty() && missing.isEmpty() && unlisted.isEmpty() && damaged == null;
        }
    }

    private CutoverBackup() {
    }

    /** The database part: a file to add under {@code database/}, or null with the sentence saying why there is none. */
    public record DatabaseCopy(Path file, String name, String how) {
    }

    /**
     * A consistent copy of the extruder database into {@code scratch}: SQLite's {@code VACUUM INTO} (safe while the
     * service writes); on PostgreSQL {@code pg_dump -Fc} when it is on the PATH, else none (the backup is PITR).
     */
    public static DatabaseCopy copyDatabase(String url, Path scratch) throws IOException, SQLException, InterruptedException {
        Files.createDirectories(scratch);
        Path sqlite = Database.sqliteFileOfUrl(url);
        if (url.startsWith("jdbc:sqlite:")) {
            if (sqlite == null || !Files.exists(sqlite)) {
                return new DatabaseCopy(null, null, "no SQLite database yet (" + sqlite + "): nothing to copy");
            }
            Path copy = scratch.resolve("extruder.db");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite);
                 PreparedStatement ps = c.prepareStatement("VACUUM INTO ?")) {
                ps.setString(1, copy.toString());
                ps.execute();
            }
            return new DatabaseCopy(copy, "database/extruder.db", "SQLite VACUUM INTO (consistent while the service writes)");
        }
        if (url.startsWith("jdbc:postgresql:")) {
            Path pgDump = onPath("pg_dump");
            if (pgDump == null) {
                return new DatabaseCopy(null, null, "pg_dump is not on the PATH: the database's backup is PITR (see the pg.wal check)");
            }
            PgConnection pg = PgConnection.of(url);
            Path dump = scratch.resolve("extruder.pgdump");
            List<String> command = new ArrayList<>(List.of(pgDump.toString(), "-Fc", "-f", dump.toString()));
            if (pg.schema() != null) {
                command.addAll(List.of("-n", pg.schema()));
            }
            command.add(pg.uri());
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            if (pg.password() != null) {
                pb.environment().put("PGPASSWORD", pg.password()); // never on the command line
            }
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0) {
                throw new IOException("pg_dump failed: " + output);
            }
            return new DatabaseCopy(dump, "database/extruder.pgdump", "pg_dump -Fc" + (pg.schema() == null ? "" : " -n " + pg.schema()));
        }
        return new DatabaseCopy(null, null, "the database engine is not SQLite or PostgreSQL: back it up with its own tools");
    }

    /** A PostgreSQL JDBC URL as libpq sees it: the URI with the user, the schema apart, the password kept off the command line. */
    record PgConnection(String uri, String schema, String password) {
        static PgConnection of(String jdbc) {
            String rest = jdbc.substring("jdbc:".length());
            int q = rest.indexOf('?');
            String base = q < 0 ? rest : rest.substring(0, q);
            String schema = null;
            String password = null;
            List<String> keep = new ArrayList<>();
            if (q >= 0) {
                for (String kv : rest.substring(q + 1).split("&")) {
                    String key = kv.contains("=") ? kv.substring(0, kv.indexOf('=')) : kv;
                    String value = kv.contains("=") ? java.net.URLDecoder.decode(kv.substring(kv.indexOf('=') + 1), StandardCharsets.UTF_8) : "";
                    switch (key) {
                        case "currentSchema" -> schema = value;
                        case "password" -> password = value;
                        case "user", "sslmode", "application_name" -> keep.add(kv);
                        default -> { } // JDBC-only options libpq does not know
                    }
                }
            }
            return new PgConnection(base + (keep.isEmpty() ? "" : "?" + String.join("&", keep)), schema, password);
        }
    }

    static Path onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Writes the archive atomically into {@code archive}: config files, the logs folder, the database copy, the manifest.
     * {@code read} is told the bytes streamed, for the progress display.
     */
    public static Written write(Path archive, List<Path> configs, Path logs, DatabaseCopy db, LongConsumer read) {
        Map<String, String> entries = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        long[] total = {0};
        AtomicFiles.write(archive, raw -> {
            try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(new BufferedOutputStream(raw, 1 << 16));
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                for (Path config : configs) {
                    total[0] += add(tar, config, "config/" + config.getFileName(), entries, read);
                }
                if (logs != null && Files.isDirectory(logs)) {
                    total[0] += addTree(tar, logs, logs, "logs/", entries, skipped, read);
                }
                if (db.file() != null) {
                    total[0] += add(tar, db.file(), db.name(), entries, read);
                }
                StringBuilder manifest = new StringBuilder();
                entries.forEach((name, hash) -> manifest.append(hash).append("  ").append(name).append('\n'));
                byte[] bytes = manifest.toString().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(MANIFEST);
                e.setSize(bytes.length);
                tar.putArchiveEntry(e);
                tar.write(bytes);
                tar.closeArchiveEntry();
                tar.finish();
            }
        });
        return new Written(archive, entries, total[0], db.how(), skipped);
    }

    private static long addTree(TarArchiveOutputStream tar, Path root, Path dir, String prefix, Map<String, String> entries,
                                List<String> skipped, LongConsumer read) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> list = Files.newDirectoryStream(dir)) {
            list.forEach(children::add);
        }
        children.sort(null);
        long bytes = 0;
        for (Path p : children) {
            String name = prefix + root.relativize(p).toString().replace('\\', '/');
            if (Files.isSymbolicLink(p)) {
                skipped.add(name + " (a link: never followed)");
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                bytes += addTree(tar, root, p, prefix, entries, skipped, read);
            } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                bytes += add(tar, p, name, entries, read);
            } else {
                skipped.add(name + " (not a regular file)");
            }
        }
        return bytes;
    }

    /** One file, streamed and hashed: exactly the size it had when listed (a log still being written grows later). */
    private static long add(TarArchiveOutputStream tar, Path file, String name, Map<String, String> entries, LongConsumer read)
            throws IOException {
        long size = Files.size(file);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(size);
        e.setModTime(Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS));
        tar.putArchiveEntry(e);
        MessageDigest sha = sha256();
        byte[] buffer = new byte[1 << 16];
        long left = size;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new EOFException(file + " shrank while it was backed up: run the backup again");
                }
                sha.update(buffer, 0, n);
                tar.write(buffer, 0, n);
                left -= n;
                read.accept(n);
            }
        }
        tar.closeArchiveEntry();
        entries.put(name, HexFormat.of().formatHex(sha.digest()));
        return size;
    }

    /** Re-reads the archive against its manifest. */
    public static Verified verify(Path archive) throws IOException {
        if (!Files.isRegularFile(archive)) {
            throw new java.nio.file.NoSuchFileException(archive.toString());
        }
        Map<String, String> actual = new TreeMap<>();
        String manifest = null;
        String damaged = null;
        try (InputStream raw = Files.newInputStream(archive);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(new java.io.BufferedInputStream(raw, 1 << 16)))) {
            TarArchiveEntry e;
            String last = "(the start)";
            try {
                while ((e = tar.getNextEntry()) != null) {
                    if (!e.isFile()) {
                        continue;
                    }
                    if (e.getName().equals(MANIFEST)) {
                        manifest = new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                    } else {
                        DigestInputStream in = new DigestInputStream(tar, sha256());
                        in.transferTo(OutputStream.nullOutputStream());
                        actual.put(e.getName(), HexFormat.of().formatHex(in.getMessageDigest().digest()));
                    }
                    last = e.getName();
                }
            } catch (IOException | RuntimeException broken) {
                damaged = "the archive is damaged after " + last + ": " + broken.getMessage();
            }
        }
        if (manifest == null) {
            if (damaged == null) {
                throw new HubConfigurationException(archive + " has no " + MANIFEST + ": not a cut-over backup");
            }
            return new Verified(archive, actual.size(), List.of(), List.of(MANIFEST), List.of(), damaged);
        }
        Map<String, String> listed = new LinkedHashMap<>();
        for (String line : manifest.split("\n")) {
            if (line.length() > 66 && line.charAt(64) == ' ') {
                listed.put(line.substring(66), line.substring(0, 64));
            }
        }
        List<String> differ = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        listed.forEach((name, hash) -> {
            String got = actual.get(name);
            if (got == null) {
                missing.add(name);
            } else if (!got.equals(hash)) {
                differ.add(name);
            }
        });
        List<String> unlisted = actual.keySet().stream().filter(n -> !listed.containsKey(n)).toList();
        return new Verified(archive, listed.size(), differ, missing, unlisted, damaged);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
