package dev.vamana.cli;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Where the index file keeps its format version (see dev.vamana.graph.IndexFile), for the test that fakes another version. */
final class IndexFileLayout {
  /** Byte offset of the int32 little-endian format version, right after the 4-byte magic. */
  static final int VERSION_OFFSET = 4;

  private IndexFileLayout() {}

  static int formatVersion(byte[] file) {
    return ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(VERSION_OFFSET);
  }

  static void setFormatVersion(byte[] file, int version) {
    ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(VERSION_OFFSET, version);
  }
}
