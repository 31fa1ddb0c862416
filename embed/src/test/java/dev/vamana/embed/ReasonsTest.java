package dev.vamana.embed;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

import static org.assertj.core.api.Assertions.assertThat;

class ReasonsTest {
    @Test
    void fileSystemFailuresSayWhatHappenedNotWhichFile() {
        assertThat(Reasons.of(new AccessDeniedException("/tmp/docs6/private.txt"))).isEqualTo("permission denied");
        assertThat(Reasons.of(new NoSuchFileException("/tmp/nope"))).isEqualTo("does not exist");
        assertThat(Reasons.of(new UncheckedIOException(new AccessDeniedException("/x")))).isEqualTo("permission denied");
        assertThat(Reasons.of(new FileSystemException("/tmp/a", null, "Input/output error"))).isEqualTo("input/output error");
        assertThat(Reasons.of(new FileSystemException("/tmp/a"))).isEqualTo("input/output error");
        assertThat(Reasons.of(new MalformedInputException(1))).isEqualTo("not UTF-8 text");
    }

    @Test
    void otherMessagesLoseJavaClassNamesAndStayOnOneLine() {
        assertThat(Reasons.of(new IOException("java.util.zip.ZipException: Cannot find zip signature\nwithin the first 4096 bytes.")))
                .isEqualTo("cannot find zip signature within the first 4096 bytes");
        assertThat(Reasons.of(new IOException("Error: End-of-File, expected line at offset 16"))).isEqualTo("end-of-file, expected line at offset 16");
        assertThat(Reasons.of(new IOException("OOXML file structure broken"))).isEqualTo("OOXML file structure broken");
        assertThat(Reasons.of(new IOException())).isEqualTo("input/output error");
        assertThat(Reasons.of(new NullPointerException())).isEqualTo("unexpected error");
        assertThat(Reasons.plain("x".repeat(200))).hasSize(163).endsWith("...");
    }

    @Test
    void permissionDeniedIsFoundAmongTheCausesAndNothingElseIs() {
        var denied = new AccessDeniedException("/data/docs/keywords/_5.fdt");
        assertThat(Reasons.permissionDenied(new RuntimeException("open", new UncheckedIOException(denied)))).isSameAs(denied);
        assertThat(Reasons.permissionDenied(new IOException("truncated file"))).isNull();
        assertThat(Reasons.permissionDenied(new RuntimeException("checksum", new NoSuchFileException("/x")))).isNull();
    }
}
