package com.migrationhub.rmos;

/** A document after validation: its row, or the reason it is rejected. */
public record CheckedDocument(SourceDocument doc, RmosRow row, String reason) {

    public boolean valid() {
        return row != null;
    }

    public RmosEntity entity() {
        return doc.entity();
    }
}
