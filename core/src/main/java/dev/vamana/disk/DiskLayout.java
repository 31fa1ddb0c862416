package dev.vamana.disk;

import dev.vamana.VamanaException;
import dev.vamana.vector.Metric;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The geometry and header of an SSD layout file (see {@link DiskLayoutWriter} for the bytes): where
 * node {@code i}'s record lives and how many bytes to read to get it. Records are grouped into
 * blocks: a block is one sector holding {@link #nodesPerBlock()} records when a record fits in a
 * sector, or {@link #sectorsPerBlock()} whole sectors holding one record when it does not.
 *
 * <p>Immutable and thread-safe.
 */
public record DiskLayout(
    long indexId, Metric metric, int dimension, int nodeCount, int medoid, int maxDegree,
    int nodesPerBlock, int sectorsPerBlock, long dataSectors, int dataCrc) {

  public static final int SECTOR = 4096;
  static final int MAGIC = 0x314B4456; // "VDK1"
  static final int VERSION = 1;
  static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  /** The geometry for {@code n} nodes of dimension {@code dim} with at most {@code r} neighbours. */
  public static DiskLayout of(long indexId, Metric metric, int dim, int n, int medoid, int r) {
    long rb = recordBytes(dim, r);
    int npb, spb;
    if (rb <= SECTOR) {
      npb = (int) (SECTOR / rb);
      spb = 1;
    } else {
      npb = 1;
      spb = (int) ((rb + SECTOR - 1) / SECTOR);
    }
    long blocks = ((long) n + npb - 1) / npb;
    return new DiskLayout(indexId, metric, dim, n, medoid, r, npb, spb, blocks * spb, 0);
  }

  static long recordBytes(int dim, int r) {
    return 4L * dim + 4 + 4L * r;
  }

  /** Bytes of one node record: vector, degree, {@code R} neighbour slots. */
  public int recordBytes() {
    return (int) recordBytes(dimension, maxDegree);
  }

  /** Bytes read from disk to fetch one node: its whole block. */
  public int blockBytes() {
    return sectorsPerBlock * SECTOR;
  }

  /** File offset of the block holding node {@code ord}. */
  public long blockOffset(int ord) {
    return SECTOR * (1 + (long) (ord / nodesPerBlock) * sectorsPerBlock);
  }

  /** Offset of node {@code ord}'s record inside its block. */
  public int offsetInBlock(int ord) {
    return (ord % nodesPerBlock) * recordBytes();
  }

  /** Byte offset of the degree inside a record. */
  public int degreeOffset() {
    return 4 * dimension;
  }

  /** Total file size. */
  public long fileBytes() {
    return SECTOR * (1 + dataSectors);
  }

  DiskLayout withDataCrc(int crc) {
    return new DiskLayout(indexId, metric, dimension, nodeCount, medoid, maxDegree, nodesPerBlock, sectorsPerBlock, dataSectors, crc);
  }

  /** Writes the 4096-byte header sector into {@code s} (zeroed elsewhere). */
  void writeHeader(MemorySegment s) {
    s.fill((byte) 0);
    s.set(INT, 0, MAGIC);
    s.set(INT, 4, VERSION);
    s.set(LONG, 8, indexId);
    s.set(INT, 16, metric.code());
    s.set(INT, 20, dimension);
    s.set(INT, 24, nodeCount);
    s.set(INT, 28, medoid);
    s.set(INT, 32, maxDegree);
    s.set(INT, 36, recordBytes());
    s.set(INT, 40, nodesPerBlock);
    s.set(INT, 44, sectorsPerBlock);
    s.set(INT, 48, SECTOR);
    s.set(LONG, 56, dataSectors);
    s.set(INT, 64, dataCrc);
    s.set(INT, SECTOR - 4, headerCrc(s));
  }

  private static int headerCrc(MemorySegment s) {
    CRC32C c = new CRC32C();
    c.update(s.asSlice(0, SECTOR - 4).asByteBuffer());
    return (int) c.getValue();
  }

  /** Parses and checks a header sector read from {@code file} whose size is {@code fileSize}. */
  static DiskLayout readHeader(MemorySegment s, Path file, long fileSize) {
    if (fileSize < SECTOR) {
      throw new VamanaException(file + ": truncated (" + fileSize + " bytes, a layout file has at least one 4096-byte header sector)");
    }
    int magic = s.get(INT, 0);
    if (magic != MAGIC) {
      throw new VamanaException(file + ": magic is 0x" + Integer.toHexString(magic) + ", expected 0x"
          + Integer.toHexString(MAGIC) + " (not a Vamana SSD layout file)");
    }
    int stored = s.get(INT, SECTOR - 4);
    if (stored != headerCrc(s)) {
      throw new VamanaException(file + ": header checksum mismatch: the header sector is corrupt");
    }
    int version = s.get(INT, 4);
    if (version != VERSION) {
      throw new VamanaException(file + ": format version " + version + ", expected " + VERSION);
    }
    Metric metric = Metric.fromCode(s.get(INT, 16));
    int dim = s.get(INT, 20), n = s.get(INT, 24), medoid = s.get(INT, 28), r = s.get(INT, 32);
    if (dim < 1 || dim > 65536 || n < 1 || medoid < 0 || medoid >= n || r < 1 || r > 4096) {
      throw new VamanaException(file + ": header fields out of range (dimension " + dim + ", nodes " + n
          + ", medoid " + medoid + ", R " + r + ")");
    }
    DiskLayout expect = of(s.get(LONG, 8), metric, dim, n, medoid, r);
    if (s.get(INT, 36) != expect.recordBytes() || s.get(INT, 40) != expect.nodesPerBlock
        || s.get(INT, 44) != expect.sectorsPerBlock || s.get(INT, 48) != SECTOR
        || s.get(LONG, 56) != expect.dataSectors) {
      throw new VamanaException(file + ": header geometry (record bytes, nodes per sector, sectors per node, sector size, "
          + "data sectors) disagrees with dimension " + dim + " and R " + r);
    }
    if (fileSize != expect.fileBytes()) {
      throw new VamanaException(file + ": size is " + fileSize + " bytes, expected " + expect.fileBytes()
          + " (truncated or padded)");
    }
    return expect.withDataCrc(s.get(INT, 64));
  }
}
