package dev.vamana.embed;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextExtractorTest {
    @TempDir Path dir;
    private final TextExtractor extractor = new TextExtractor(1 << 20);

    static byte[] docx(String title, String text) throws IOException {
        try (XWPFDocument doc = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.getProperties().getCoreProperties().setTitle(title);
            doc.createParagraph().createRun().setText(text);
            doc.write(out);
            return out.toByteArray();
        }
    }

    static byte[] pdf(String text, boolean encrypted) throws IOException {
        return pdf(encrypted, text);
    }

    /** A one-page PDF with each text on a line of its own. */
    static byte[] pdf(boolean encrypted, String... lines) throws IOException {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                cs.newLineAtOffset(72, 700);
                for (int i = 0; i < lines.length; i++) {
                    if (i > 0) cs.newLineAtOffset(0, -20);
                    cs.showText(lines[i]);
                }
                cs.endText();
            }
            if (encrypted) {
                StandardProtectionPolicy p = new StandardProtectionPolicy("owner", "secret", new AccessPermission());
                p.setEncryptionKeyLength(128);
                doc.protect(p);
            }
            doc.save(out);
            return out.toByteArray();
        }
    }

    /** A .pptx with a slide per array and a text box per string in it. */
    static byte[] pptx(String[]... slides) throws IOException {
        try (XMLSlideShow show = new XMLSlideShow(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (String[] boxes : slides) {
                var slide = show.createSlide();
                for (String box : boxes) slide.createTextBox().setText(box);
            }
            show.write(out);
            return out.toByteArray();
        }
    }

    /** A .xlsx with a sheet per array: its name, then the cells of its first row (numbers as numbers). */
    static byte[] xlsx(Object[]... sheets) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (Object[] sheet : sheets) {
                var row = wb.createSheet((String) sheet[0]).createRow(0);
                for (int i = 1; i < sheet.length; i++) {
                    if (sheet[i] instanceof Number n) row.createCell(i - 1).setCellValue(n.doubleValue());
                    else row.createCell(i - 1).setCellValue((String) sheet[i]);
                }
            }
            wb.write(out);
            return out.toByteArray();
        }
    }

    @Test
    void readsDocxWithItsTitle() throws IOException {
        Path f = Files.write(dir.resolve("report.docx"), docx("Annual Report", "Revenue grew in the northern region."));
        ExtractedText t = extractor.extract(f);
        assertThat(t.title()).isEqualTo("Annual Report");
        assertThat(t.fileType()).isEqualTo("docx");
        assertThat(t.text()).contains("Revenue grew in the northern region.");
    }

    @Test
    void readsPdf() throws IOException {
        Path f = Files.write(dir.resolve("memo.pdf"), pdf("Glaciers retreat as summers warm.", false));
        ExtractedText t = extractor.extract(f);
        assertThat(t.text()).contains("Glaciers retreat as summers warm.");
        assertThat(t.title()).isEqualTo("memo");
    }

    @Test
    void skipsEncryptedPdfWithReason() throws IOException {
        Path f = Files.write(dir.resolve("secret.pdf"), pdf("hidden", true));
        assertThatThrownBy(() -> extractor.extract(f)).isInstanceOf(ExtractionException.class).hasMessageContaining("encrypted");
    }

    @Test
    void skipsPasswordProtectedDocxWithReason() throws Exception {
        byte[] plain = docx("Secret", "Merger plans.");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (org.apache.poi.poifs.filesystem.POIFSFileSystem fs = new org.apache.poi.poifs.filesystem.POIFSFileSystem()) {
            var info = new org.apache.poi.poifs.crypt.EncryptionInfo(org.apache.poi.poifs.crypt.EncryptionMode.agile);
            var enc = info.getEncryptor();
            enc.confirmPassword("pw");
            try (var os = enc.getDataStream(fs)) {
                os.write(plain);
            }
            fs.writeFilesystem(out);
        }
        assertThatThrownBy(() -> extractor.extract("secret.docx", out.toByteArray()))
                .isInstanceOf(ExtractionException.class).hasMessageContaining("encrypted");
    }

    @Test
    void readsPptxAndXlsx() throws IOException {
        byte[] pptx = pptx(new String[]{"Roadmap for the orbital telescope"});
        byte[] xlsx = xlsx(new Object[]{"Budget", "Coffee beans", 42});
        assertThat(extractor.extract("deck.pptx", pptx).text()).contains("Roadmap for the orbital telescope");
        ExtractedText sheet = extractor.extract("budget.xlsx", xlsx);
        assertThat(sheet.text()).contains("Coffee beans").contains("42").contains("Budget");
    }

    @Test
    void readsHtmlMarkdownAndText() {
        ExtractedText h = extractor.extract("page.html", "<html><head><title>Tides</title><script>var x=1;</script></head><body><p>The moon pulls the sea.</p></body></html>".getBytes(StandardCharsets.UTF_8));
        assertThat(h.title()).isEqualTo("Tides");
        assertThat(h.text()).contains("The moon pulls the sea.").doesNotContain("var x");
        ExtractedText m = extractor.extract("notes.md", "intro\n# Bread baking\nKnead the dough.".getBytes(StandardCharsets.UTF_8));
        assertThat(m.title()).isEqualTo("Bread baking");
        assertThat(extractor.extract("a.txt", "héllo wörld".getBytes(StandardCharsets.UTF_8)).text()).isEqualTo("héllo wörld");
    }

    @Test
    void htmlBlockElementsKeepTheirWordsApart() {
        String html = "<html><body><h1>Trails</h1><p>Steep trails<br>wind up</p><div>Maps</div><ul><li>north</li><li>south</li></ul>"
                + "<table><tr><th>Peak</th><th>Height</th></tr><tr><td>Ben</td><td>1345</td></tr></table>"
                + "<section><h2>Gear</h2></section><p>Boots with <b>stiff</b> soles</p><script>var x=1;</script></body></html>";
        String text = extractor.extract("hikes.html", html.getBytes(StandardCharsets.UTF_8)).text();
        assertThat(text.replaceAll("\\s+", " ").strip())
                .isEqualTo("Trails Steep trails wind up Maps north south Peak Height Ben 1345 Gear Boots with stiff soles");
    }

    @Test
    void officeParagraphsSlidesAndCellsKeepTheirWordsApart() throws IOException {
        byte[] docx;
        try (XWPFDocument doc = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.createParagraph().createRun().setText("Trails");
            doc.createParagraph().createRun().setText("Steep");
            var table = doc.createTable(1, 2);
            table.getRow(0).getCell(0).setText("Peak");
            table.getRow(0).getCell(1).setText("Height");
            doc.write(out);
            docx = out.toByteArray();
        }
        byte[] pptx = pptx(new String[]{"Roadmap", "Budget"}, new String[]{"Risks"});
        byte[] xlsx = xlsx(new Object[]{"Costs", "Coffee", "Tea"}, new Object[]{"Staff", "Ann"});
        assertThat(words(extractor.extract("a.docx", docx).text())).isEqualTo("Trails Steep Peak Height");
        assertThat(words(extractor.extract("a.pptx", pptx).text())).isEqualTo("Roadmap Budget Risks");
        assertThat(words(extractor.extract("a.xlsx", xlsx).text())).isEqualTo("Costs Coffee Tea Staff Ann");
    }

    @Test
    void pdfLinesKeepTheirWordsApart() throws IOException {
        byte[] pdf = pdf(false, "Trails", "Steep trails");
        assertThat(words(extractor.extract("a.pdf", pdf).text())).isEqualTo("Trails Steep trails");
    }

    private static String words(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    @Test
    void aUtf8ByteOrderMarkIsNotPartOfTheText() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] utf8 = "café au lait".getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = "café au lait".getBytes(StandardCharsets.ISO_8859_1);
        for (byte[] body : new byte[][]{utf8, latin1}) {
            byte[] content = java.util.Arrays.copyOf(bom, bom.length + body.length);
            System.arraycopy(body, 0, content, bom.length, body.length);
            assertThat(extractor.extract("a.txt", content).text()).isEqualTo("café au lait");
            assertThat(extractor.extract("a.md", content).text()).isEqualTo("café au lait");
        }
    }

    @Test
    void markdownAndTextExtensionsAreReadAsTheirKinds() {
        byte[] md = "# Knots\nA bowline makes a fixed loop.".getBytes(StandardCharsets.UTF_8);
        ExtractedText m = extractor.extract("knots.markdown", md);
        assertThat(m.fileType()).isEqualTo("md");
        assertThat(m.title()).isEqualTo("Knots");
        assertThat(extractor.extract("notes.text", "plain words".getBytes(StandardCharsets.UTF_8)).fileType()).isEqualTo("txt");
        assertThat(extractor.extract("page.htm", "<p>hi</p>".getBytes(StandardCharsets.UTF_8)).fileType()).isEqualTo("html");
        assertThat(TextExtractor.isSupported(Path.of("KNOTS.MARKDOWN"))).isTrue();
        assertThat(TextExtractor.fileType(".Markdown")).isEqualTo("md");
        assertThat(TextExtractor.fileType("PDF")).isEqualTo("pdf");
    }

    @Test
    void commonMarkdownSyntaxIsLeftOutOfTheText() {
        String md = """
                # Knots *for* sailors #
                Tie a **bowline** or a __clove hitch__, see [the guide](https://example.com/knots) and ![a loop](loop.png).
                > Practice *daily* and _slowly_, with `rope` in hand.
                ```
                code_block_line
                ```
                ---
                Keep snake_case_names, 2 * 3 * 4 and a_b as written.
                * first item
                """;
        ExtractedText t = extractor.extract("knots.md", md.getBytes(StandardCharsets.UTF_8));
        assertThat(t.title()).isEqualTo("Knots for sailors");
        assertThat(words(t.text())).isEqualTo("Knots for sailors Tie a bowline or a clove hitch, see the guide and a loop."
                + " Practice daily and slowly, with rope in hand. code_block_line"
                + " Keep snake_case_names, 2 * 3 * 4 and a_b as written. * first item");
    }

    @Test
    void rejectsEmptyUnsupportedHugeAndCorruptFilesWithOneLineReasons() throws IOException {
        assertThatThrownBy(() -> extractor.extract("e.txt", new byte[0])).hasMessageContaining("empty");
        assertThatThrownBy(() -> extractor.extract("blank.txt", "   \n".getBytes())).hasMessageContaining("no text");
        assertThatThrownBy(() -> extractor.extract("x.exe", new byte[]{1})).hasMessage("unsupported file type '.exe'");
        assertThatThrownBy(() -> extractor.extract("x." + "e".repeat(300), new byte[]{1}))
                .hasMessage("unsupported file type '." + "e".repeat(16) + "...'");
        assertThatThrownBy(() -> extractor.extract("big.txt", new byte[(1 << 20) + 1])).hasMessageContaining("too large");
        assertThatThrownBy(() -> extractor.extract("broken.docx", "not a zip".getBytes())).isInstanceOf(ExtractionException.class)
                .hasMessageContaining("corrupt").satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> extractor.extract("bin.txt", new byte[]{(byte) 0xff, 0, (byte) 0xfe, 0})).hasMessageContaining("binary");
        // valid UTF-8 is no excuse: a text file has no NUL bytes
        assertThatThrownBy(() -> extractor.extract("violin.txt", "violin\0\0\0binary".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("binary content, not text");
        assertThatThrownBy(() -> extractor.extract("notes.md", "# Notes\0".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("binary content, not text");
    }

    @Test
    void binaryBytesNamedHtmlAreRejectedButUtf16HtmlIsRead() {
        byte[] junk = new byte[3000];
        new java.util.Random(3).nextBytes(junk);
        junk[10] = 0;
        assertThatThrownBy(() -> extractor.extract("page.html", junk)).hasMessage("binary content, not text");
        byte[] utf16 = "\uFEFF<p>The moon pulls the sea.</p>".getBytes(StandardCharsets.UTF_16LE);
        assertThat(words(extractor.extract("page.html", utf16).text())).isEqualTo("The moon pulls the sea.");
    }

    @Test
    void corruptFilesGetPlainReasonsWithoutJavaClassNames() {
        byte[] junk = new byte[5000];
        new java.util.Random(1).nextBytes(junk);
        assertThatThrownBy(() -> extractor.extract("report.pdf", junk))
                .hasMessage("corrupt or unreadable pdf (missing root object specification in trailer)");
        assertThatThrownBy(() -> extractor.extract("report.docx", junk)).hasMessage("corrupt or unreadable docx (not an Office Open XML file)");
        assertThatThrownBy(() -> extractor.extract("deck.pptx", "plain text".getBytes()))
                .hasMessage("corrupt or unreadable pptx (not an Office Open XML file)");
        assertThatThrownBy(() -> extractor.extract("sheet.xlsx", java.util.Arrays.copyOf(junk, 10)))
                .hasMessageNotContaining("Exception").hasMessageStartingWith("corrupt or unreadable xlsx (");
    }

    @Test
    void aFileThatCannotBeReadSaysWhy() throws IOException {
        Path missing = dir.resolve("gone.txt");
        assertThatThrownBy(() -> extractor.extract(missing)).isInstanceOf(ExtractionException.class).hasMessage("does not exist");
    }
}
