package dev.vamana.embed;

/**
 * Plain text pulled out of one document, with its title (from the document's metadata or first heading,
 * else the file name) and its file type (lower-case extension such as {@code pdf}). Immutable.
 */
public record ExtractedText(String title, String fileType, String text) {}
