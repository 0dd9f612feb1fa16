package com.migrationhub.ppak;

import java.util.Comparator;
import org.apache.camel.component.file.GenericFile;

/**
 * The inbox's sort order: exports that arrive together load projects, then materials, then work
 * orders, oldest export date first. Unknown names come last (they only go to the dead letters).
 */
public final class ExportOrder implements Comparator<GenericFile<?>> {

    static final Comparator<String> BY_NAME = Comparator
            .comparing((String name) -> ExportName.parse(name).map(e -> e.date().toString()).orElse("9999"))
            .thenComparing(name -> ExportName.parse(name).map(e -> e.kind().ordinal()).orElse(9))
            .thenComparing(Comparator.naturalOrder());

    @Override
    public int compare(GenericFile<?> a, GenericFile<?> b) {
        return BY_NAME.compare(a.getFileName(), b.getFileName());
    }
}
