package com.migrationhub.innergy.api;

import java.time.Instant;
import java.util.List;

/** Every INNERGY list: {@code {"CreateDate": "...", "Items": [...]}}. */
public record ListEnvelope<T>(Instant createDate, List<T> items) {
}
