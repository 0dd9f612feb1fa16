package com.migrationhub.core;

import java.util.Comparator;
import org.apache.camel.component.file.GenericFile;

/** The order an inbox's files are taken in when their flow has no other: by path, so dated names go oldest first. */
public final class FileNameOrder implements Comparator<GenericFile<Object>> {

    @Override
    public int compare(GenericFile<Object> a, GenericFile<Object> b) {
        return a.getRelativeFilePath().compareTo(b.getRelativeFilePath());
    }
}
