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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads whole node blocks of a layout file, several at once. With {@link IoMode#DIRECT} the file is
 * opened with {@code ExtendedOpenOption.DIRECT} and blocks land in the caller's 4 KiB-aligned
 * buffers; the reads of one call run concurrently as {@link ReadConcurrency} says (when the file
 * system refuses O_DIRECT, as tmpfs does, it falls back to ordinary positional reads and says so
 * in {@link #bypassesPageCache()}). With
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
  private final boolean bypassesPageCache;

  BlockReader(Path file, IoMode mode, ReadConcurrency concurrency, int ioThreads, int blockBytes) {
    this.file = file;
    this.mode = mode;
    this.concurrency = concurrency;
    this.blockBytes = blockBytes;
    try {
      if (mode == IoMode.DIRECT) {
        FileChannel ch;
        boolean direct = true;
        try {
          ch = openDirect(file);
        } catch (VamanaException | IOException e) { // e.g. tmpfs refuses O_DIRECT with EINVAL
          ch = FileChannel.open(file, StandardOpenOption.READ);
          direct = false;
        }
        this.channel = ch;
        this.bypassesPageCache = direct;
        this.mapArena = null;
        this.mapped = null;
      } else {
        this.bypassesPageCache = false;
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

  /** True when reads really use O_DIRECT (false after falling back to buffered reads, or with mmap). */
  boolean bypassesPageCache() {
    return bypassesPageCache;
  }

  /** A reusable hand-off for rounds of up to {@code width} reads. */
  Batch newBatch(int width) {
    return new Batch(width);
  }

  /** Allocates one aligned read buffer of a block in {@code arena}. */
  MemorySegment newBuffer(Arena arena) {
    return arena.allocate(blockBytes, DiskLayout.SECTOR);
  }

  /**
   * Reads the blocks at file offsets {@code offsets[0..count)}; {@code out[i]} receives the segment
   * holding block {@code i}: {@code bufs[i]} (direct) or a slice of the mapping (mmap).
   */
  void read(long[] offsets, int count, MemorySegment[] bufs, ByteBuffer[] views, MemorySegment[] out, Batch batch) {
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
    Batch b = batch;
    b.prepare(count - 1);
    for (int i = 1; i < count; i++) {
      Batch.Task task = b.tasks[i];
      task.view = views[i];
      task.offset = offsets[i];
      if (concurrency == ReadConcurrency.POOL) {
        pool.execute(task);
      } else {
        Thread.startVirtualThread(task);
      }
    }
    RuntimeException mine = null;
    try {
      readFully(views[0], offsets[0]);
    } catch (RuntimeException e) {
      mine = e;
    }
    b.await();
    if (mine != null) {
      throw mine;
    }
    if (b.error != null) {
      throw b.error;
    }
  }

  /**
   * The reusable hand-off of one round's reads to other threads: one task object per slot, a
   * countdown and the waiting thread, so that a round allocates nothing in pool mode. One per
   * {@link BeamSearch}; not shared between concurrent rounds.
   */
  final class Batch {
    final Task[] tasks;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Thread waiter;
    volatile RuntimeException error;

    Batch(int width) {
      tasks = new Task[width];
      for (int i = 0; i < width; i++) {
        tasks[i] = new Task();
      }
    }

    void prepare(int n) {
      error = null;
      waiter = Thread.currentThread();
      pending.set(n);
    }

    void await() {
      while (pending.get() > 0) {
        LockSupport.park(this);
      }
    }

    final class Task implements Runnable {
      ByteBuffer view;
      long offset;

      @Override
      public void run() {
        try {
          readFully(view, offset);
        } catch (RuntimeException e) {
          error = e;
        } finally {
          if (pending.decrementAndGet() == 0) {
            LockSupport.unpark(waiter);
          }
        }
      }
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
