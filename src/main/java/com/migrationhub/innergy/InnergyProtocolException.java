package com.migrationhub.innergy;

import com.migrationhub.core.TargetUnavailableException;

/**
 * INNERGY answered something that is not its JSON API: typically a 200 with an HTML sign-in page
 * (a refused key or a wrong base URL/path). Never taken as empty data; exit code 3.
 */
public class InnergyProtocolException extends TargetUnavailableException {
    public InnergyProtocolException(String message) {
        super(message);
    }
}
