package com.migrationhub.innergy;

import com.migrationhub.core.TargetUnavailableException;

/** INNERGY could not be reached, or stayed busy (429/5xx, timeouts) through every redelivery: exit code 3. */
public class InnergyUnavailableException extends TargetUnavailableException {
    public InnergyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
