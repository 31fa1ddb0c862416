package dev.vamana.cli;

import dev.vamana.VamanaException;
import dev.vamana.graph.VamanaIndex;
import dev.vamana.vector.Kernels;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code vamana info [INDEX]}: the JVM and the distance kernels in use and, given an index file,
 * its header fields, counts, parameters, sizes and memory per vector.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
    description = "Show the JVM and SIMD kernels in use, and the contents of an index file.")
public final class InfoCommand extends CliCommand {
  @Parameters(arity = "0..1", paramLabel = "INDEX", description = "An index file (optional).")
  Path index;

  @Override
  protected int execute() {
    PrintWriter o = out();
    Runtime rt = Runtime.getRuntime();
    o.printf(Locale.ROOT, "java:       %s (%s, %s)%n", Runtime.version(), System.getProperty("java.vm.name"),
        System.getProperty("java.vendor"));
    o.printf(Locale.ROOT, "os:         %s %s, %d cores, max heap %,d MiB%n", System.getProperty("os.name"),
        System.getProperty("os.arch"), rt.availableProcessors(), rt.maxMemory() >> 20);
    o.printf(Locale.ROOT, "kernels:    %s%n", Kernels.get().description());
    o.printf(Locale.ROOT, "vector api: %s%n",
        ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? "jdk.incubator.vector loaded"
            : "jdk.incubator.vector not loaded (scalar kernels; run with --add-modules jdk.incubator.vector)");
    if (index == null) {
      return 0;
    }
    long fileBytes;
    try {
      fileBytes = Files.size(index);
    } catch (NoSuchFileException e) {
      throw new VamanaException(index + ": no such file");
    } catch (IOException e) {
      throw new VamanaException(index + ": cannot read: " + e, e);
    }
    long t0 = System.nanoTime();
    try (VamanaIndex idx = VamanaIndex.open(index)) {
      double openMs = (System.nanoTime() - t0) / 1e6;
      int nodes = idx.nodeCount();
      long edges = 0;
      int maxDeg = 0;
      int live = 0;
      int[] nbrs = new int[Math.max(1, idx.neighborCapacity())];
      for (int i = 0; i < nodes; i++) {
        if (!idx.isLive(i)) {
          continue;
        }
        live++;
        int deg = idx.neighbors(i, nbrs);
        edges += deg;
        maxDeg = Math.max(maxDeg, deg);
      }
      long mem = idx.memoryBytes();
      o.printf(Locale.ROOT, "index:      %s (%,d bytes, opened and verified in %.1f ms)%n", index, fileBytes, openMs);
      o.printf(Locale.ROOT, "format:     %s%n", headerStart(index));
      o.printf(Locale.ROOT, "metric:     %s%n", idx.metric().shortName());
      o.printf(Locale.ROOT, "dimension:  %d (stored rows of %d floats)%n", idx.dimension(), idx.storedDimension());
      o.printf(Locale.ROOT, "vectors:    %,d live, %,d slots, %,d deleted awaiting consolidate%n", idx.size(),
          nodes, idx.pendingDeletes());
      o.printf(Locale.ROOT, "parameters: R=%d L=%d alpha=%.3f, graph walk on %s%n", idx.maxDegree(), idx.buildListSize(),
          idx.alpha(), idx.quantization() == dev.vamana.graph.Quantization.SQ8 ? "8-bit codes (sq8)" : "float32 rows");
      o.printf(Locale.ROOT, "entry:      ordinal %d%n", idx.entryPoint());
      o.printf(Locale.ROOT, "degree:     mean %.2f, max %d (%,d edges)%n",
          live == 0 ? 0.0 : (double) edges / live, maxDeg, edges);
      o.printf(Locale.ROOT, "memory:     %,d bytes, %.1f bytes per vector (raw vector %d bytes)%n",
          mem, (double) mem / Math.max(1, idx.size()), 4 * idx.dimension());
      o.printf(Locale.ROOT, "file:       %.1f bytes per vector%n", (double) fileBytes / Math.max(1, idx.size()));
    }
    return 0;
  }

  /** Magic and format version: the first 8 bytes of the file (see the graph's IndexFile layout). */
  private static String headerStart(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      while (b.hasRemaining() && ch.read(b) >= 0) {
        // read the 8 header bytes
      }
      byte[] magic = new byte[4];
      b.get(0, magic);
      return "magic \"" + new String(magic, StandardCharsets.US_ASCII) + "\", format version " + b.getInt(4);
    } catch (IOException e) {
      throw new VamanaException(file + ": cannot read: " + e, e);
    }
  }
}
