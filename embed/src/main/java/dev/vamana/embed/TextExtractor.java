package dev.vamana.embed;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.EncryptedDocumentException;
import org.apache.poi.openxml4j.exceptions.NotOfficeXmlFileException;
import org.apache.poi.sl.extractor.SlideShowExtractor;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xssf.extractor.XSSFExcelExtractor;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.extractor.XWPFWordExtractor;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipException;

/**
 * Extracts plain text from .txt/.text, .md/.markdown, .html/.htm (jsoup), .pdf (PDFBox) and .docx, .pptx, .xlsx
 * (Apache POI). Text files may be UTF-8 (a byte order mark is dropped) or, failing that, Latin-1; Markdown loses
 * its most common syntax (heading marks, emphasis, links, code marks, quote marks, fences and rules).
 *
 * <p>Every failure a user's file can cause (unsupported type, encrypted, empty, larger than the limit, corrupt)
 * becomes an {@link ExtractionException} with a one-line reason; nothing else escapes for a readable file.
 * Thread-safe (stateless apart from the immutable size limit); each call opens and closes its own file.
 */
public final class TextExtractor {

    /** The extensions this extractor reads, each with the file type its documents get. */
    private static final Map<String, String> TYPES = Map.of("txt", "txt", "text", "txt", "md", "md", "markdown", "md",
            "html", "html", "htm", "html", "pdf", "pdf", "docx", "docx", "pptx", "pptx", "xlsx", "xlsx");

    /** Extensions this extractor reads. */
    public static final Set<String> SUPPORTED = TYPES.keySet();

    private static final Pattern MD_FENCE = Pattern.compile("(?m)^ {0,3}(?:```|~~~).*$");
    private static final Pattern MD_HEADING = Pattern.compile("(?m)^ {0,3}#{1,6}(?=[ \\t]|$)[ \\t]*(.*?)(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern MD_QUOTE = Pattern.compile("(?m)^ {0,3}(?:>[ \\t]?)+");
    private static final Pattern MD_RULE = Pattern.compile("(?m)^ {0,3}([-*_])(?:[ \\t]*\\1){2,}[ \\t]*$");
    private static final Pattern MD_LINK = Pattern.compile("!?\\[([^\\]\\n]*)]\\([^)\\s]*(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern MD_CODE = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern MD_STRONG = Pattern.compile("\\*\\*(?=\\S)(.+?)(?<=\\S)\\*\\*|(?<!\\w)__(?=\\S)(.+?)(?<=\\S)__(?!\\w)");
    private static final Pattern MD_EMPHASIS =
            Pattern.compile("(?<![\\w*])\\*(?=[^\\s*])(.+?)(?<=[^\\s*])\\*(?![\\w*])|(?<![\\w_])_(?=[^\\s_])(.+?)(?<=[^\\s_])_(?![\\w_])");

    private final long maxBytes;

    /** @param maxBytes files larger than this are skipped as too large */
    public TextExtractor(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** A 50 MB limit. */
    public TextExtractor() {
        this(50L << 20);
    }

    /** Files larger than this many bytes are skipped. */
    public long maxBytes() {
        return maxBytes;
    }

    /** Lower-case extension of a file name without the dot, or "" when it has none. */
    public static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * The file type for an extension or for a type a user filters by: lower case, without leading dots, with aliases
     * folded ({@code htm} is {@code html}, {@code markdown} is {@code md}, {@code text} is {@code txt}); a type this
     * extractor does not read stays as given, in lower case without the dot.
     */
    public static String fileType(String extension) {
        String e = extension.strip().toLowerCase(Locale.ROOT).replaceFirst("^\\.+", "");
        return TYPES.getOrDefault(e, e);
    }

    /** True when the file's extension is one this extractor reads. */
    public static boolean isSupported(Path file) {
        return SUPPORTED.contains(extension(file.getFileName().toString()));
    }

    /** Extracts the text of a file on disk. */
    public ExtractedText extract(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new ExtractionException(Reasons.of(e));
        }
        if (size > maxBytes) throw new ExtractionException("too large: " + size + " bytes (limit " + maxBytes + ")");
        try {
            return extract(file.getFileName().toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ExtractionException(Reasons.of(e));
        }
    }

    /** Extracts the text of a document held in memory (e.g. an upload); the name gives the type and default title. */
    public ExtractedText extract(String fileName, byte[] content) {
        String ext = extension(fileName);
        if (!SUPPORTED.contains(ext)) {
            String shown = ext.length() > 16 ? ext.substring(0, 16) + "..." : ext; // a name is the client's to make long
            throw new ExtractionException("unsupported file type '." + shown + "'");
        }
        String type = TYPES.get(ext);
        if (content.length > maxBytes) throw new ExtractionException("too large: " + content.length + " bytes (limit " + maxBytes + ")");
        if (content.length == 0) throw new ExtractionException("empty file");
        String baseName = fileName.contains(".") ? fileName.substring(0, fileName.lastIndexOf('.')) : fileName;
        if ((type.equals("docx") || type.equals("pptx") || type.equals("xlsx")) && content.length >= 4
                && (content[0] & 0xff) == 0xD0 && (content[1] & 0xff) == 0xCF && (content[2] & 0xff) == 0x11 && (content[3] & 0xff) == 0xE0) {
            // an OOXML file inside an OLE2 container is how Office stores password-protected documents
            throw new ExtractionException("encrypted (password protected) or an old binary Office file renamed ." + type);
        }
        ExtractedText t;
        try {
            t = switch (type) {
                case "txt" -> new ExtractedText(baseName, type, decodeUtf8(content));
                case "md" -> markdown(baseName, decodeUtf8(content));
                case "html" -> html(baseName, content);
                case "pdf" -> pdf(baseName, content);
                case "docx" -> docx(baseName, content);
                case "pptx" -> pptx(baseName, content);
                case "xlsx" -> xlsx(baseName, content);
                default -> throw new ExtractionException("unsupported file type '." + type + "'");
            };
        } catch (ExtractionException e) {
            throw e;
        } catch (EncryptedDocumentException | InvalidPasswordException e) {
            throw new ExtractionException("encrypted (password protected)");
        } catch (IOException | RuntimeException e) {
            if (String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("encrypt")) {
                throw new ExtractionException("encrypted (password protected)");
            }
            throw new ExtractionException("corrupt or unreadable " + type + " (" + corruption(e) + ")");
        }
        if (t.text().isBlank()) throw new ExtractionException("no text in file");
        return t;
    }

    /** What is wrong with a file that its reader rejected, in plain words. */
    private static String corruption(Exception e) {
        if (e instanceof ZipException || e instanceof NotOfficeXmlFileException) return "not an Office Open XML file";
        String reason = Reasons.of(e);
        return reason.equals("unexpected error") ? "its reader failed" : reason;
    }

    /** The text of a text file without NUL bytes: UTF-8 (without its byte order mark), else Latin-1. */
    private static String decodeUtf8(byte[] content) {
        requireText(content);
        boolean bom = content.length >= 3 && (content[0] & 0xff) == 0xEF && (content[1] & 0xff) == 0xBB && (content[2] & 0xff) == 0xBF;
        int from = bom ? 3 : 0;
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content, from, content.length - from)).toString();
        } catch (CharacterCodingException e) {
            return new String(content, from, content.length - from, StandardCharsets.ISO_8859_1);
        }
    }

    /** Rejects content with NUL bytes in its first 8 KiB (an image, an archive, random bytes): no text file has them. */
    private static void requireText(byte[] content) {
        for (int i = 0; i < Math.min(content.length, 8192); i++) {
            if (content[i] == 0) throw new ExtractionException("binary content, not text");
        }
    }

    /** A Markdown file: titled by its first heading, its text without the most common Markdown syntax. */
    private static ExtractedText markdown(String baseName, String text) {
        String title = baseName;
        for (String line : text.split("\n", 50)) {
            String l = line.strip();
            if (l.startsWith("#")) {
                title = plainMarkdown(l).strip();
                break;
            }
        }
        return new ExtractedText(title.isBlank() ? baseName : title, "md", plainMarkdown(text));
    }

    /**
     * Markdown without its most common syntax, so that snippets read as text: fence and rule lines go, heading
     * and quote marks go, {@code [text](url)} and {@code ![alt](url)} become their text, and code, strong and
     * emphasis marks go ({@code _} and {@code *} only around words, so {@code snake_case} and {@code 2 * 3} stay).
     */
    static String plainMarkdown(String md) {
        String t = MD_FENCE.matcher(md).replaceAll("");
        t = MD_RULE.matcher(t).replaceAll("");
        t = MD_HEADING.matcher(t).replaceAll("$1");
        t = MD_QUOTE.matcher(t).replaceAll("");
        t = MD_LINK.matcher(t).replaceAll("$1");
        t = MD_CODE.matcher(t).replaceAll("$1");
        t = MD_STRONG.matcher(t).replaceAll(TextExtractor::inner);
        return MD_EMPHASIS.matcher(t).replaceAll(TextExtractor::inner);
    }

    /** The text inside a pair of marks: the group of whichever alternative matched, quoted for a replacement. */
    private static String inner(MatchResult m) {
        return Matcher.quoteReplacement(m.group(1) != null ? m.group(1) : m.group(2));
    }

    private static ExtractedText html(String baseName, byte[] content) throws IOException {
        boolean utf16 = content.length >= 2 && ((content[0] & 0xff) == 0xFE && (content[1] & 0xff) == 0xFF
                || (content[0] & 0xff) == 0xFF && (content[1] & 0xff) == 0xFE);
        if (!utf16) requireText(content); // jsoup would take any bytes as text
        try (InputStream in = new java.io.ByteArrayInputStream(content)) {
            var doc = Jsoup.parse(in, null, "");
            String title = doc.title().isBlank() ? baseName : doc.title().strip();
            String body = doc.body() == null ? "" : blockText(doc.body());
            return new ExtractedText(title, "html", body);
        }
    }

    /**
     * The text of an HTML element as a browser lays it out: a line break around every block element (headings,
     * paragraphs, divs, list items, table rows and cells, sections...) and at each {@code <br>}, so that the words
     * of adjacent blocks stay apart ({@code <h1>Trails</h1><p>Steep} is "Trails\nSteep", not "TrailsSteep"), while
     * inline elements ({@code <b>}, {@code <a>}, {@code <span>}) join their text as written. Script and style
     * content is left out.
     */
    static String blockText(Element root) {
        StringBuilder sb = new StringBuilder();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) sb.append(t.getWholeText());
                else if (node instanceof Element e && separates(e)) sb.append('\n');
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e && separates(e)) sb.append('\n');
            }
        }, root);
        return sb.toString();
    }

    private static boolean separates(Element e) {
        return e.isBlock() || e.nameIs("br") || e.nameIs("td") || e.nameIs("th") || e.nameIs("li") || e.nameIs("tr");
    }

    private static ExtractedText pdf(String baseName, byte[] content) throws IOException {
        try (PDDocument doc = Loader.loadPDF(content)) {
            if (doc.isEncrypted() && !doc.getCurrentAccessPermission().canExtractContent()) {
                throw new ExtractionException("encrypted (text extraction not permitted)");
            }
            String title = doc.getDocumentInformation() == null ? null : doc.getDocumentInformation().getTitle();
            String text = new PDFTextStripper().getText(doc);
            return new ExtractedText(title == null || title.isBlank() ? baseName : title.strip(), "pdf", text);
        }
    }

    private static ExtractedText docx(String baseName, byte[] content) throws IOException {
        try (XWPFDocument doc = new XWPFDocument(new java.io.ByteArrayInputStream(content));
             XWPFWordExtractor ex = new XWPFWordExtractor(doc)) {
            String title = doc.getProperties().getCoreProperties().getTitle();
            return new ExtractedText(title == null || title.isBlank() ? baseName : title.strip(), "docx", ex.getText());
        }
    }

    private static ExtractedText pptx(String baseName, byte[] content) throws IOException {
        try (XMLSlideShow show = new XMLSlideShow(new java.io.ByteArrayInputStream(content));
             SlideShowExtractor<?, ?> ex = new SlideShowExtractor<>(show)) {
            String title = show.getProperties().getCoreProperties().getTitle();
            return new ExtractedText(title == null || title.isBlank() ? baseName : title.strip(), "pptx", ex.getText());
        }
    }

    private static ExtractedText xlsx(String baseName, byte[] content) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(new java.io.ByteArrayInputStream(content));
             XSSFExcelExtractor ex = new XSSFExcelExtractor(wb)) {
            ex.setFormulasNotResults(false);
            ex.setIncludeSheetNames(true);
            String title = wb.getProperties().getCoreProperties().getTitle();
            return new ExtractedText(title == null || title.isBlank() ? baseName : title.strip(), "xlsx", ex.getText());
        }
    }
}
