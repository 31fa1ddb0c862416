package dev.vamana.collection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The file system calls of a folder ingest that can fail for reasons a test cannot stage as root (as CI runs),
 * where no permission stops a read: tests replace them to inject such failures. {@link #REAL} is the disk.
 */
interface Disk {
    /** The file system as it is. */
    Disk REAL = new Disk() {};

    /**
     * Called before the walk lists a folder; throws what listing it would. The real disk does nothing here: the
     * walk finds out when it opens the folder.
     */
    default void enter(Path folder) throws IOException {}

    /** The bytes of a file. */
    default byte[] read(Path file) throws IOException {
        return Files.readAllBytes(file);
    }
}
