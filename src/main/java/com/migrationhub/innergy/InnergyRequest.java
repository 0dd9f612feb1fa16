package com.migrationhub.innergy;

/**
 * One call to INNERGY as it travels through {@code direct:innergy-call}: method, path (from the route
 * table), query and JSON body. It never holds the key.
 */
public record InnergyRequest(String method, String path, String query, String json) {

    public static InnergyRequest get(String path, String query) {
        return new InnergyRequest("GET", path, query, null);
    }

    public static InnergyRequest post(String path, Object body) {
        return new InnergyRequest("POST", path, null, InnergyJson.write(body));
    }

    /** "GET /api/projects?skip=0&take=500", for messages and logs. */
    public String describe() {
        return method + " " + path + (query == null ? "" : "?" + query);
    }

    @Override
    public String toString() {
        return describe();
    }
}
