package com.migrationhub.innergy.sandbox;

/**
 * The real API's traps, switched on with {@code POST /__admin/traps}: {@code HtmlInsteadOfErrors} answers
 * 401 and 404 with a 200 HTML page; {@code RedirectLists} answers list calls with a 302 to a gzip file.
 */
public record SandboxTraps(Boolean htmlInsteadOfErrors, Boolean redirectLists) {

    public static SandboxTraps off() {
        return new SandboxTraps(false, false);
    }

    boolean html() {
        return Boolean.TRUE.equals(htmlInsteadOfErrors);
    }

    boolean redirect() {
        return Boolean.TRUE.equals(redirectLists);
    }

    SandboxTraps merge(SandboxTraps change) {
        return new SandboxTraps(change.htmlInsteadOfErrors != null ? change.htmlInsteadOfErrors : htmlInsteadOfErrors,
                change.redirectLists != null ? change.redirectLists : redirectLists);
    }
}
