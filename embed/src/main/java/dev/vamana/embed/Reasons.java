package dev.vamana.embed;

import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns an exception into the plain one-line reason that ingestion reports and CLI errors show to users:
 * "permission denied", "does not exist", "not UTF-8 text" (all decoding here is UTF-8), or the exception's own
 * message without Java class names, on one line. Stateless.
 */
public final class Reasons {
    /** A qualified Java class name such as {@code java.io.IOException}, with its {@code ": "}. */
    private static final Pattern CLASS_NAME =
            Pattern.compile("\\b(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)\\b:?\\s*");
    /** Longest reason kept; a longer message is cut with "...". */
    private static final int MAX_CHARS = 160;

    private Reasons() {}

    /** The reason for a failure, e.g. "permission denied" for an {@link AccessDeniedException}. */
    public static String of(Throwable e) {
        return switch (e) {
            case AccessDeniedException x -> "permission denied";
            case NoSuchFileException x -> "does not exist";
            case NotDirectoryException x -> "not a folder";
            case FileAlreadyExistsException x -> "a file of that name is in the way";
            case FileSystemLoopException x -> "symbolic link loop (it leads back to an enclosing folder)";
            case CharacterCodingException x -> "not UTF-8 text";
            case UncheckedIOException x -> of(x.getCause());
            // without a reason, a file system exception's message is only the file's name
            case FileSystemException x -> x.getReason() == null ? "input/output error" : plain(x.getReason());
            default -> {
                String m = plain(e.getMessage());
                yield m.isEmpty() ? (e instanceof java.io.IOException ? "input/output error" : "unexpected error") : m;
            }
        };
    }

    /**
     * The "permission denied" in {@code e} or its causes, or null: a file this process may not read or write, which
     * callers must not take for a damaged one (deleting or rebuilding it would not help).
     */
    public static AccessDeniedException permissionDenied(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof AccessDeniedException a) return a;
        }
        return null;
    }

    /**
     * A message as a plain reason: Java class names dropped, on one line, a leading "Error:" and a final period
     * removed, its first word in lower case (unless it is an acronym) and at most 160 characters; "" for null.
     */
    public static String plain(String message) {
        if (message == null) return "";
        String m = CLASS_NAME.matcher(message).replaceAll("").replaceAll("\\s+", " ").strip();
        m = m.replaceFirst("^(?i)error:\\s*", "").replaceFirst("\\.$", "");
        if (m.length() > 1 && Character.isUpperCase(m.charAt(0)) && !Character.isUpperCase(m.charAt(1))) {
            int space = m.indexOf(' ');
            int end = space < 0 ? m.length() : space;
            m = m.substring(0, end).toLowerCase(Locale.ROOT) + m.substring(end);
        }
        return m.length() > MAX_CHARS ? m.substring(0, MAX_CHARS) + "..." : m;
    }
}
