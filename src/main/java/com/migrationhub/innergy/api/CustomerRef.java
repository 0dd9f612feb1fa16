package com.migrationhub.innergy.api;

/** The customer a Project names: {@code {Id, Name}}. */
public record CustomerRef(String id, String name) {
}
