package com.migrationhub.core;

/**
 * A request the hub's own validation refuses: a parameter or body that is wrong, with a sentence naming it (the HTTP
 * API's 400, a command's usage error). Only this is answered with its message: any other
 * {@link IllegalArgumentException} (a number that does not parse, a path, an enum constant, deep in a library) is an
 * unexpected failure, a 500 whose cause goes to the log.
 */
public class BadRequestException extends IllegalArgumentException {
    public BadRequestException(String sentence) {
        super(sentence);
    }
}
