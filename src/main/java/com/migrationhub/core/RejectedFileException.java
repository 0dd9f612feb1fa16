package com.migrationhub.core;

/**
 * A whole file cannot be processed (unknown name, empty, no recognisable header, undecodable bytes).
 * Routes hand it to the flow's dead-letter channel; it is an outcome, not a fault to retry.
 */
public class RejectedFileException extends RuntimeException {
    public RejectedFileException(String reason) {
        super(reason);
    }

    /** The rejection a failure carries, however Camel wrapped it (a bean method's exception arrives wrapped), or null. */
    public static RejectedFileException within(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RejectedFileException rejected) {
                return rejected;
            }
        }
        return null;
    }

    /**
     * The reason a whole file is dead-lettered with: the rejection's plain sentence, or for an infrastructure fault
     * "processing failed: " and the innermost message (never Camel's wrapper text or a stack trace).
     */
    public static String reasonFor(Throwable failure) {
        RejectedFileException rejected = within(failure);
        if (rejected != null) {
            return rejected.getMessage();
        }
        if (failure == null) {
            return "processing failed: unknown error";
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().lines().findFirst().orElse("");
        return "processing failed: " + message;
    }

    /**
     * Why a file could not be written or moved, as a sentence: a file system failure's message is often no more than a
     * path, so what failed ({@code FileAlreadyExistsException}: "file already exists") is said before it.
     */
    public static String writeFailure(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof java.nio.file.FileSystemException fs) {
            String what = fs.getReason() != null ? fs.getReason()
                    : fs.getClass().getSimpleName().replaceFirst("Exception$", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
            return what + ": " + fs.getFile();
        }
        return reasonFor(failure).replaceFirst("^processing failed: ", "");
    }
}
