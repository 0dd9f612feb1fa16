package com.migrationhub.core;

/** A usage or configuration error: the command exits with code 2. */
public class HubConfigurationException extends RuntimeException {
    public HubConfigurationException(String message) {
        super(message);
    }
}
