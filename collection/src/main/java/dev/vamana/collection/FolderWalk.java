package dev.vamana.collection;

import dev.vamana.VamanaException;
import dev.vamana.embed.Reasons;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * Lists what an ingest run finds under a folder: recursively, following symbolic links, leaving out hidden files
 * and folders, in path order. A place it cannot use does not stop the walk; it becomes an entry with a one-line
 * reason: a folder it cannot list ("permission denied"), a broken symbolic link, a link loop, a device or pipe.
 * Only a root that cannot be listed fails the walk. Stateless.
 */
final class FolderWalk {
    /**
     * A regular file to ingest ({@code reason == null}) or a place that cannot be ingested, with the reason.
     * {@code keep}: the place could not be seen (e.g. permission denied), so documents indexed earlier from it (the
     * path itself or anything under it) stay; otherwise it is known not to hold a readable file any more.
     */
    record Entry(Path path, String reason, boolean keep) {
        boolean isFile() {
            return reason == null;
        }
    }

    private FolderWalk() {}

    /** The entries under {@code root}, an absolute, normalised folder. */
    static List<Entry> walk(Path root, Disk disk) {
        List<Entry> out = new ArrayList<>();
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (isHidden(root, dir)) return FileVisitResult.SKIP_SUBTREE;
                    try {
                        disk.enter(dir);
                    } catch (IOException e) {
                        failed(root, dir, e, out);
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (isHidden(root, file)) return FileVisitResult.CONTINUE;
                    if (attrs.isRegularFile()) out.add(new Entry(file, null, false));
                    else if (attrs.isSymbolicLink()) out.add(unfollowable(file));
                    else if (attrs.isOther()) out.add(new Entry(file, "not a regular file (a device, pipe or socket)", false));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (!isHidden(root, file)) failed(root, file, e, out);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    if (e != null) failed(root, dir, e, out); // the listing broke off part way
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new VamanaException(root + ": cannot list the folder: " + Reasons.of(e));
        }
        out.sort(Comparator.comparing(Entry::path));
        return out;
    }

    /** A place the walk could not enter or read. */
    private static void failed(Path root, Path path, IOException e, List<Entry> out) {
        if (path.equals(root)) throw new VamanaException(root + ": cannot list the folder: " + Reasons.of(e));
        // a loop's folder is already walked under its real path: nothing indexed from there is lost
        out.add(new Entry(path, Reasons.of(e), !(e instanceof FileSystemLoopException)));
    }

    /** A symbolic link the walk could not follow: broken (its target is gone), or its target cannot be read. */
    private static Entry unfollowable(Path link) {
        try {
            Files.readAttributes(link, BasicFileAttributes.class);
            return new Entry(link, "symbolic link that cannot be followed", true);
        } catch (NoSuchFileException e) {
            return new Entry(link, "broken symbolic link (its target " + target(link) + "does not exist)", false);
        } catch (IOException e) {
            return new Entry(link, "symbolic link whose target cannot be read: " + Reasons.of(e), true);
        }
    }

    /** The link's target and a space, or "" when it cannot be read. */
    private static String target(Path link) {
        try {
            return Files.readSymbolicLink(link) + " ";
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    private static boolean isHidden(Path root, Path p) {
        for (Path part : root.relativize(p)) if (part.toString().startsWith(".")) return true;
        return false;
    }
}
