package dev.vamana.server;

import dev.vamana.collection.CollectionManager;
import dev.vamana.collection.Ingestor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Drives the web page in headless Chromium (Debian's chromium and chromium-driver, which .ci/run installs):
 * search and see the expected passage highlighted, then upload a file and find it, and upload it again and see it
 * replaced.
 */
class WebPageBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    @TempDir static Path data;
    @TempDir static Path tmp;
    static CollectionManager manager;
    static VamanaServer server;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)");
        manager = TestServers.manager(data);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Ingestor ing = new Ingestor(manager.getOrCreate("docs"), pool);
            ing.addText("/library/astronomy.txt", "Astronomy notes", "txt",
                    "Mars is the fourth planet from the Sun. Its thin atmosphere is mostly carbon dioxide.");
            ing.addText("/library/cooking.md", "Cooking notes", "md",
                    "Knead the dough for ten minutes, let it rise, then bake the bread until golden.");
            new Ingestor(manager.getOrCreate("single"), pool).addText("/garden/roses.txt", "Roses", "txt",
                    "Prune the roses in early spring, just above an outward-facing bud.");
        } finally {
            pool.shutdownNow();
        }
        server = new VamanaServer(manager, ServerOptions.local(0)).start();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1200,900", "--user-data-dir=" + Files.createTempDirectory(tmp, "chrome-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.quit();
        if (server != null) server.close();
        if (manager != null) manager.close();
    }

    private static WebDriverWait waitFor() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    private static void search(String query) {
        var box = browser.findElement(By.id("query"));
        box.clear();
        box.sendKeys(query);
        browser.findElement(By.id("search-button")).click();
        waitFor().until(ExpectedConditions.textMatches(By.id("status"), java.util.regex.Pattern.compile("\\d+ results?")));
    }

    @Test
    void oneOfAThingIsSaidInTheSingular() {
        browser.get(server.url() + "?collection=single&q=pruning+roses");
        waitFor().until(ExpectedConditions.textMatches(By.id("status"), java.util.regex.Pattern.compile("\\d+ results? in")));
        assertThat(browser.findElement(By.id("status")).getText()).startsWith("1 result in ");
        assertThat(browser.findElement(By.id("counts")).getText()).isEqualTo("1 document, 1 chunk (1 txt)");
    }

    @Test
    void theAddressOfASearchRunsItAgainAndATypedSearchUpdatesTheAddress() {
        String q = java.net.URLEncoder.encode("how long should dough be kneaded", java.nio.charset.StandardCharsets.UTF_8);
        browser.get(server.url() + "?collection=docs&mode=vector&q=" + q);
        waitFor().until(ExpectedConditions.textMatches(By.id("status"), java.util.regex.Pattern.compile("\\d+ results?")));
        assertThat(browser.findElement(By.id("query")).getDomProperty("value")).isEqualTo("how long should dough be kneaded");
        assertThat(browser.findElement(By.id("mode")).getDomProperty("value")).isEqualTo("vector");
        assertThat(browser.findElement(By.cssSelector("#results li.result")).getText()).contains("Cooking notes");

        search("the fourth planet from the sun");
        assertThat(browser.findElement(By.cssSelector("#results li.result")).getText()).contains("Astronomy notes");
        assertThat(browser.getCurrentUrl()).contains("collection=docs").contains("q=the+fourth+planet+from+the+sun").contains("mode=vector");
    }

    @Test
    void searchShowsTheExpectedPassageThenAnUploadedFileIsFound() throws Exception {
        browser.get(server.url());
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("counts"), "2 documents"));
        assertThat(browser.findElement(By.id("collection")).getDomProperty("value")).isEqualTo("docs");

        search("what is the atmosphere of the red planet made of");
        var first = browser.findElement(By.cssSelector("#results li.result"));
        assertThat(first.getText()).contains("Mars is the fourth planet from the Sun").contains("Astronomy notes");
        assertThat(first.findElements(By.tagName("mark"))).extracting(e -> e.getText().toLowerCase()).contains("atmosphere");
        assertThat(first.findElement(By.className("score")).getText()).matches("0\\.\\d+");

        Path upload = Files.writeString(tmp.resolve("volcano.txt"),
                "Volcanoes erupt when magma rises through the crust and pours out as molten lava and ash.");
        browser.findElement(By.id("upload-file")).sendKeys(upload.toAbsolutePath().toString());
        browser.findElement(By.id("upload-button")).click();
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("upload-status"), "Added upload/volcano.txt (1 chunk, id "));
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("counts"), "3 documents"));
        assertThat(browser.findElement(By.id("upload-file")).getDomProperty("value")).isEmpty();
        browser.findElement(By.id("upload-button")).click();
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("upload-status"), "Choose a file first."));

        search("molten rock erupting from a mountain");
        var top = browser.findElement(By.cssSelector("#results li.result"));
        assertThat(top.getText()).contains("upload/volcano.txt").contains("molten lava");

        browser.findElement(By.id("upload-file")).sendKeys(upload.toAbsolutePath().toString());
        browser.findElement(By.id("upload-button")).click();
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("upload-status"), "Replaced upload/volcano.txt"));
        assertThat(browser.findElement(By.id("upload-status")).getText()).contains("the earlier document, id");
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("counts"), "3 documents"));
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of("target", "web-page.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aKeyedServerAsksForTheKeyThenRunsTheSearchOfTheAddressAndTheKeyCanBeForgotten() throws Exception {
        try (var keyed = new VamanaServer(manager, new ServerOptions("127.0.0.1", 0, "s3cret", 64 * 1024)).start()) {
            browser.get(keyed.url() + "?collection=docs&q=the+fourth+planet");
            waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "needs an API key"));
            assertThat(browser.findElement(By.id("status")).getText())
                    .isEqualTo("This server needs an API key: enter it in the API key box at the top of the page, then press Use key.");
            assertThat(browser.findElement(By.id("query")).getDomProperty("value")).isEqualTo("the fourth planet");
            assertThat(browser.findElement(By.cssSelector("label[for=apikey]")).getText()).isEqualTo("API key");
            assertThat(browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("apikey");

            browser.findElement(By.id("apikey")).sendKeys("clé\n");
            assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("An API key here can only be plain ASCII letters, digits and punctuation.");
            browser.findElement(By.id("apikey")).clear();
            browser.findElement(By.id("apikey")).sendKeys("wrong\n");
            waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "The server refused this API key"));
            File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), Path.of("target", "web-page-key.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

            browser.findElement(By.id("apikey")).sendKeys("s3cret");
            browser.findElement(By.id("key-button")).click();
            waitFor().until(ExpectedConditions.textMatches(By.id("status"), java.util.regex.Pattern.compile("\\d+ results? in")));
            assertThat(browser.findElement(By.id("status")).getAttribute("class")).doesNotContain("error");
            assertThat(browser.findElement(By.id("collection")).getDomProperty("value")).isEqualTo("docs");
            assertThat(browser.findElement(By.cssSelector("#results li.result")).getText()).contains("Astronomy notes");

            browser.findElement(By.id("key-forget")).click();
            assertThat(((ChromeDriver) browser).executeScript("return localStorage.getItem('vamana.apiKey')")).isNull();
            browser.navigate().refresh();
            waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "needs an API key"));
        }
    }

    @Test
    void aServerThatIsGoneIsSaidSoForASearchAndAnUpload() throws Exception {
        var gone = new VamanaServer(manager, ServerOptions.local(0)).start();
        String origin = gone.url().substring(0, gone.url().length() - 1);
        browser.get(gone.url() + "?collection=single");
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("counts"), "1 document"));
        gone.close();

        var box = browser.findElement(By.id("query"));
        box.sendKeys("roses");
        browser.findElement(By.id("search-button")).click();
        String expected = "Cannot reach the Vamana server at " + origin + ": is it running?";
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), expected));

        Path file = Files.writeString(tmp.resolve("gone.txt"), "Nobody will read this.");
        browser.findElement(By.id("upload-file")).sendKeys(file.toAbsolutePath().toString());
        browser.findElement(By.id("upload-button")).click();
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("upload-status"), expected));
    }

    @Test
    void aFileTypeOfTheAddressThatTheCollectionLacksIsKeptAndSaidSoAndABadResultCountShowsTheTenSearchedWith() {
        browser.get(server.url() + "?collection=docs&q=the+fourth+planet&type=pdf&k=abc");
        waitFor().until(ExpectedConditions.textMatches(By.id("status"), java.util.regex.Pattern.compile("\\d+ results? in")));
        assertThat(browser.findElement(By.id("file-type")).getDomProperty("value")).isEqualTo("pdf");
        assertThat(browser.findElement(By.id("status")).getText()).startsWith("0 results in ")
                .endsWith(": this collection has no pdf documents (see File type)");
        assertThat(browser.findElements(By.cssSelector("#results li.result"))).isEmpty();
        assertThat(browser.findElement(By.id("k")).getDomProperty("value")).isEqualTo("10");
        assertThat(browser.getCurrentUrl()).contains("type=pdf");
    }

    @Test
    void anUnknownCollectionOfTheAddressIsSaidSo() {
        browser.get(server.url() + "?collection=nosuch&q=roses");
        waitFor().until(ExpectedConditions.textMatches(By.id("status"), java.util.regex.Pattern.compile("\\d+ results? in")));
        String shown = browser.findElement(By.id("collection")).getDomProperty("value");
        assertThat(browser.findElement(By.id("notice")).getText())
                .isEqualTo("There is no collection \"nosuch\" on this server: showing \"" + shown + "\" instead.");
    }

    @Test
    void theBoxesAreLabelledAndHeadingsSkipNoLevel() {
        browser.get(server.url() + "?collection=docs&q=bread");
        waitFor().until(ExpectedConditions.textMatches(By.id("status"), java.util.regex.Pattern.compile("\\d+ results? in")));
        for (String id : new String[]{"query", "apikey", "upload-file", "collection", "mode", "k", "path-prefix", "file-type"}) {
            var box = browser.findElement(By.id(id));
            boolean labelled = box.getDomAttribute("aria-label") != null
                    || !browser.findElements(By.cssSelector("label[for='" + id + "']")).isEmpty()
                    || !box.findElements(By.xpath("ancestor::label")).isEmpty();
            assertThat(labelled).as(id + " has a label").isTrue();
        }
        var levels = browser.findElements(By.cssSelector("h1, h2, h3, h4, h5, h6")).stream()
                .map(h -> Integer.parseInt(h.getTagName().substring(1))).toList();
        assertThat(levels).first().isEqualTo(1);
        for (int i = 1; i < levels.size(); i++) assertThat(levels.get(i)).as("heading " + i + " of " + levels).isLessThanOrEqualTo(levels.get(i - 1) + 1);
    }

    @Test
    void anEmptyQuerySaysWhatToDo() {
        browser.get(server.url() + "?collection=docs");
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("counts"), "documents"));
        browser.findElement(By.id("search-button")).click();
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("Type what you are looking for in the search box, then press Search.");
    }

    @Test
    void anEarlierSearchAnsweredLaterDoesNotOverwriteTheLatest() {
        browser.get(server.url() + "?collection=docs");
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("counts"), "documents"));
        var js = (ChromeDriver) browser;
        // the first search is held back 1.5 s, so it is answered after the second
        js.executeScript("""
                const f = window.fetch; let first = true;
                window.fetch = (u, o) => {
                  if (!first || !String(u).endsWith('/search')) return f(u, o);
                  first = false;
                  return new Promise(r => setTimeout(r, 1500)).then(() => f(u, o))
                    .then(res => { setTimeout(() => { window.slowDone = true; }, 500); return res; });
                };""");
        var box = browser.findElement(By.id("query"));
        box.sendKeys("the fourth planet from the sun");
        js.executeScript("document.getElementById('search-form').requestSubmit()");
        assertThat(browser.findElement(By.id("search-button")).isEnabled()).isFalse();
        box.clear();
        box.sendKeys("how long should dough be kneaded");
        js.executeScript("document.getElementById('search-form').requestSubmit()");
        waitFor().until(d -> Boolean.TRUE.equals(js.executeScript("return window.slowDone === true")));
        assertThat(browser.findElement(By.cssSelector("#results li.result")).getText()).contains("Cooking notes");
        assertThat(browser.getCurrentUrl()).contains("q=how+long+should+dough+be+kneaded");
        assertThat(browser.findElement(By.id("search-button")).isEnabled()).isTrue();
    }

    @Test
    void aServerWithoutAKeyShowsNoKeyBox() {
        browser.get(server.url() + "?collection=docs");
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("counts"), "documents"));
        assertThat(browser.findElement(By.id("keybox")).isDisplayed()).isFalse();
    }
}
