package dev.vamana.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vamana.VamanaException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes: the permissions of what they leave, and failing before the work where a folder takes no file. */
class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void aWrittenFileIsReadableByOthersAsFilesUsuallyAreNotOwnerOnlyAsTemporaryFilesAre() throws IOException {
    Path f = dir.resolve("out.bin");
    AtomicFiles.write(f, ch -> ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3})));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r--r--");
  }

  @Test
  void aFolderThatTakesNoFileFailsTheUpFrontCheckEvenWhenItsPermissionBitsAllowIt() {
    Path proc = Path.of("/proc");
    assumeTrue(Files.isDirectory(proc) && Files.isWritable(proc), "needs Linux's /proc, writable by its bits (root)");
    assertThatThrownBy(() -> AtomicFiles.checkWritable(proc.resolve("x.vamana"))).isInstanceOf(VamanaException.class)
        .hasMessageStartingWith("cannot write /proc/x.vamana: cannot create a file in folder /proc (")
        .hasMessageNotContaining("Exception").hasMessageNotContaining(".probe");
  }

  @Test
  void failuresAreDescribedInWordsWithoutJavaClassNames() {
    assertThat(AtomicFiles.describe(new NoSuchFileException("/proc/.x.vamana.123.tmp"))).isEqualTo("no such file or folder");
    assertThat(AtomicFiles.describe(new IOException("disk full"))).isEqualTo("disk full");
  }
}
