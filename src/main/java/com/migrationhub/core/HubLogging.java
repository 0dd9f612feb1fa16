package com.migrationhub.core;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/** Points the log files (logs/hub.log and the per-flow logs) at a home's logs folder. */
public final class HubLogging {

    private HubLogging() {
    }

    public static void pointAt(String logsFolder) {
        String previous = System.setProperty("hub.logs", logsFolder);
        if (!logsFolder.equals(previous) && LogManager.getContext(false) instanceof LoggerContext context) {
            context.reconfigure();
        }
    }
}
