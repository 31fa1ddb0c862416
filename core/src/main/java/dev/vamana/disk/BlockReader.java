package dev.vamana.disk;

import dev.vamana.VamanaException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads whole node blocks of a layout file, several at once. With {@link IoMode#DIRECT} the file is
 * opened with {@code ExtendedOpenOption.DIRECT} and blocks land in the caller's 4 KiB-aligned
 * buffers; the reads of one call run concurrently as {@link ReadConcurrency} says. With
 * {@link IoMode#MMAP} the "read" is a slice of the mapping.
 *
 * <p>Thread-safe: positional reads share the channel. Owns the channel, the mapping and the read
 * pool, all released by {@link #close}.
 */
final class BlockReader implements AutoCloseable {
  private final Path file;
  private final IoMode mode;
  private final ReadConcurrency concurrency;
  private final int blockBytes;
  private final FileChannel channel;
  private final Arena mapArena;
  private final MemorySegment mapped;
  private final ExecutorService pool;

  BlockReader(Path file, IoMode mode, ReadConcurrency concurrency, int ioThreads, int blockBytes) {
    this.file = file;
    this.mode = mode;
    this.concurrency = concurrency;
    this.blockBytes = blockBytes;
    try {
      if (mode == IoMode.DIRECT) {
        this.channel = openDirect(file);
        this.mapArena = null;
        this.mapped = null;
      } else {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.mapArena = Arena.ofShared();
        this.mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), mapArena);
      }
    } catch (IOException e) {
      throw new VamanaException(file + ": cannot open: " + e.getMessage(), e);
    }
    this.pool = mode == IoMode.DIRECT && concurrency == ReadConcurrency.POOL
        ? Executors.newFixedThreadPool(Math.max(1, ioThreads), r -> {
          Thread t = new Thread(r, "vamana-disk-read");
          t.setDaemon(true);
          return t;
        })
        : null;
  }

  /** Opens {@code file} for reading with O_DIRECT. */
  static FileChannel openDirect(Path file) throws IOException {
    OpenOption direct = com.sun.nio.file.ExtendedOpenOption.DIRECT;
    try {
      return FileChannel.open(file, StandardOpenOption.READ, direct);
    } catch (UnsupportedOperationException e) {
      throw new VamanaException(file + ": the file system does not support O_DIRECT reads; use --io mmap", e);
    }
  }

  IoMode mode() {
    return mode;
  }

  /** Allocates one aligned read buffer of a block in {@code arena}. */
  MemorySegment newBuffer(Arena arena) {
    return arena.allocate(blockBytes, DiskLayout.SECTOR);
  }

  /**
   * Reads the blocks at file offsets {@code offsets[0..count)}; {@code out[i]} receives the segment
   * holding block {@code i}: {@code bufs[i]} (direct) or a slice of the mapping (mmap).
   */
  void read(long[] offsets, int count, MemorySegment[] bufs, ByteBuffer[] views, MemorySegment[] out) {
    if (mode == IoMode.MMAP) {
      for (int i = 0; i < count; i++) {
        out[i] = mapped.asSlice(offsets[i], blockBytes);
      }
      return;
    }
    for (int i = 0; i < count; i++) {
      out[i] = bufs[i];
    }
    if (count == 1 || concurrency == ReadConcurrency.SERIAL) {
      for (int i = 0; i < count; i++) {
        readFully(views[i], offsets[i]);
      }
      return;
    }
    CountDownLatch done = new CountDownLatch(count - 1);
    AtomicReference<RuntimeException> error = new AtomicReference<>();
    for (int i = 1; i < count; i++) {
      ByteBuffer v = views[i];
      long off = offsets[i];
      Runnable task = () -> {
        try {
          readFully(v, off);
        } catch (RuntimeException e) {
          error.compareAndSet(null, e);
        } finally {
          done.countDown();
        }
      };
      if (concurrency == ReadConcurrency.POOL) {
        pool.execute(task);
      } else {
        Thread.startVirtualThread(task);
      }
    }
    readFully(views[0], offsets[0]);
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VamanaException(file + ": interrupted while reading", e);
    }
    if (error.get() != null) {
      throw error.get();
    }
  }

  private void readFully(ByteBuffer view, long off) {
    view.clear();
    try {
      long pos = off;
      while (view.hasRemaining()) {
        int r = channel.read(view, pos);
        if (r < 0) {
          throw new VamanaException(file + ": unexpected end of file at offset " + pos);
        }
        pos += r;
      }
    } catch (IOException e) {
      throw new VamanaException(file + ": read failed at offset " + off + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing a read-only channel
    }
    if (mapArena != null) {
      mapArena.close();
    }
  }
}
