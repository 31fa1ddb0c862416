package dev.vamana.disk;

import dev.vamana.VamanaException;
import dev.vamana.graph.ProgressListener;
import dev.vamana.io.CheckedFileWriter;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Streams a {@link GraphSource} into an SSD layout file: one pass over the nodes in ordinal order,
 * a few sectors of buffer, nothing per node kept in memory.
 *
 * <h2>Layout file, 4096-byte sectors, little-endian</h2>
 * <pre>
 * sector 0: header
 *   offset size  field
 *   0      4     magic 0x314B4456 ("VDK1")
 *   4      4     format version = 1
 *   8      8     index id: random, shared by the side files of the same index
 *   16     4     metric code (1 = l2, 2 = ip, 3 = cosine)
 *   20     4     dimension d
 *   24     4     node count n
 *   28     4     medoid (entry point ordinal)
 *   32     4     R, neighbour slots per record
 *   36     4     record bytes = 4d + 4 + 4R
 *   40     4     nodes per block (records per sector when a record fits in a sector, else 1)
 *   44     4     sectors per block (1 when a record fits in a sector, else ceil(record bytes / 4096))
 *   48     4     sector size = 4096
 *   52     4     reserved, 0
 *   56     8     data sectors (all sectors after the header)
 *   64     4     CRC32C of all data sectors
 *   68     4024  reserved, 0
 *   4092   4     CRC32C of header bytes [0, 4092)
 * sectors 1..: blocks, block b = sectors [1 + b * spb, 1 + (b + 1) * spb)
 *   block b holds the records of nodes b * npb .. b * npb + npb - 1, each at offset (i mod npb) * record bytes;
 *   the bytes after the last record of a block are 0. A record is never split across two blocks.
 *   record: d float32  the vector (normalised if cosine)
 *           int32      degree k (0 <= k <= R)
 *           R int32    neighbour ordinals; slots k..R-1 hold -1
 * </pre>
 * With d = 384 and R = 64 a record is 1796 bytes: two per sector. With d = 1536 and R = 64 it is 6404
 * bytes: one per block of two sectors.
 *
 * <p>Not thread-safe. Owns a temporary file beside the target until {@link #publish} renames it, or
 * {@link #close} deletes it.
 */
public final class DiskLayoutWriter implements AutoCloseable {
  private static final int BATCH_BLOCKS_BYTES = 1 << 20;

  private final Path target;
  private final Path temp;
  private boolean published;

  public DiskLayoutWriter(Path target) {
    this.target = target.toAbsolutePath();
    try {
      this.temp = Files.createTempFile(this.target.getParent(), "." + this.target.getFileName() + ".", ".tmp");
      CheckedFileWriter.makeReadable(temp);
    } catch (IOException | SecurityException e) {
      throw new VamanaException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes every node of {@code g} and the header, and forces the temporary file to disk.
   *
   * @return the layout written (with its data checksum)
   */
  public DiskLayout write(GraphSource g, long indexId, ProgressListener progress) {
    int n = g.nodeCount();
    if (n < 1) {
      throw new VamanaException("cannot write an SSD index of an empty graph");
    }
    int dim = g.dimension(), r = g.maxDegree();
    DiskLayout layout = DiskLayout.of(indexId, g.metric(), dim, n, g.entryPoint(), r);
    int blockBytes = layout.blockBytes();
    int npb = layout.nodesPerBlock();
    int rb = layout.recordBytes();
    int blocksPerBatch = Math.max(1, BATCH_BLOCKS_BYTES / blockBytes);
    ByteBuffer buf = ByteBuffer.allocateDirect(blocksPerBatch * blockBytes).order(ByteOrder.LITTLE_ENDIAN);
    float[] v = new float[dim];
    int[] nb = new int[r];
    CRC32C crc = new CRC32C();
    long blocks = (n + (long) npb - 1) / npb;
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      long pos = DiskLayout.SECTOR;
      for (long b = 0; b < blocks; b++) {
        int blockStart = buf.position();
        for (int j = 0; j < npb; j++) {
          long ordL = b * npb + j;
          if (ordL >= n) {
            break;
          }
          int ord = (int) ordL;
          buf.position(blockStart + j * rb);
          g.vector(ord, v);
          for (int i = 0; i < dim; i++) {
            buf.putFloat(v[i]);
          }
          int deg = g.neighbors(ord, nb);
          if (deg < 0 || deg > r) {
            throw new IllegalStateException("node " + ord + " has degree " + deg + ", R is " + r);
          }
          buf.putInt(deg);
          for (int i = 0; i < r; i++) {
            int x = i < deg ? nb[i] : -1;
            if (i < deg && (x < 0 || x >= n)) {
              throw new IllegalStateException("node " + ord + " has neighbour " + x + " outside 0.." + (n - 1));
            }
            buf.putInt(x);
          }
          if (progress != null && (ord & 1023) == 1023) {
            progress.update(ord + 1, n);
          }
        }
        buf.position(blockStart + blockBytes); // direct buffers start zeroed; batches are zeroed on reuse
        if (!buf.hasRemaining() || b == blocks - 1) {
          buf.flip();
          crc.update(buf.duplicate());
          while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
          }
          buf.clear();
          zero(buf);
        }
      }
      layout = layout.withDataCrc((int) crc.getValue());
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment header = arena.allocate(DiskLayout.SECTOR);
        layout.writeHeader(header);
        ByteBuffer hb = header.asByteBuffer();
        long hp = 0;
        while (hb.hasRemaining()) {
          hp += ch.write(hb, hp);
        }
      }
      ch.force(true);
      if (progress != null) {
        progress.update(n, n);
      }
      return layout;
    } catch (IOException e) {
      throw new VamanaException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  private static void zero(ByteBuffer b) {
    MemorySegment.ofBuffer(b).fill((byte) 0);
  }

  /** Renames the written file onto the target name. */
  public void publish() {
    try {
      CheckedFileWriter.moveAtomically(temp, target);
      published = true;
    } catch (IOException e) {
      throw new VamanaException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /** Deletes the temporary file unless it was published. */
  @Override
  public void close() {
    if (!published) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // best effort: the name starts with '.' and ends with .tmp
      }
    }
  }

}
