package com.migrationhub.innergy;

import com.migrationhub.core.TargetUnavailableException;

/** INNERGY refused the API key (401) or its permission (403): the whole command stops, exit code 3. */
public class InnergyRefusedException extends TargetUnavailableException {

    private final int status;

    public InnergyRefusedException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
