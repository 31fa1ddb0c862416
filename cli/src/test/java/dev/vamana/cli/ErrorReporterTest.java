package dev.vamana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** The one-line messages users see for failures that are not the project's own exceptions. */
class ErrorReporterTest {
  @Test
  void aFileSystemFailureNamesTheFileAndTheReasonWithoutJavaClassNames() {
    var denied = new UncheckedIOException(new AccessDeniedException("/data/docs/keywords/_5.fdt"));
    assertThat(ErrorReporter.message(denied)).isEqualTo("/data/docs/keywords/_5.fdt: permission denied");
    var wrapped = new IllegalStateException("opening failed", new NoSuchFileException("/data/docs/meta.db"));
    assertThat(ErrorReporter.message(wrapped)).isEqualTo("/data/docs/meta.db: does not exist");
  }

  @Test
  void otherFailuresKeepTheirTypeAndPointToVerbose() {
    assertThat(ErrorReporter.message(new IllegalStateException("boom")))
        .isEqualTo("IllegalStateException: boom (run with --verbose for details)");
  }
}
