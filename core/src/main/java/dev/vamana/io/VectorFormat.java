package dev.vamana.io;

import dev.vamana.VamanaException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The vector file formats Vamana reads and writes. All are little-endian and carry no checksum
 * (they are interchange formats of other tools, not Vamana's own files).
 *
 * <ul>
 *   <li>texmex ({@link Layout#TEXMEX}): every row is an int32 dimension {@code d} followed by
 *       {@code d} values: float32 ({@code .fvecs}), int32 ({@code .ivecs}) or uint8 ({@code .bvecs}).
 *   <li>DiskANN bin ({@link Layout#BIN}): int32 {@code n}, int32 {@code d}, then {@code n*d} values:
 *       float32 ({@code .fbin}), uint8 ({@code .u8bin}), int8 ({@code .i8bin}) or int32
 *       ({@code .ibin}).
 *   <li>DiskANN ground truth ({@link Layout#GROUND_TRUTH}, extension {@code .gt} or
 *       {@code .gtbin}): int32 {@code n}, int32 {@code k}, {@code n*k} int32 ids, then {@code n*k}
 *       float32 distances (a file holding only the ids is also read).
 *   <li>IDX ({@link Layout#IDX}, read only): the big-endian format of MNIST and Fashion-MNIST
 *       ({@code *-idx3-ubyte}, optionally gzip-compressed as {@code *-idx3-ubyte.gz}): magic
 *       {@code 0x00000803}, int32 {@code n}, then the image shape, then uint8 pixels; each image
 *       becomes one float vector of its pixels.
 * </ul>
 *
 * The format is chosen from the file extension ({@link #of(Path)}) or named explicitly
 * ({@link #parse(String)}). Immutable and thread-safe.
 */
public enum VectorFormat {
  FVECS("fvecs", Layout.TEXMEX, Element.FLOAT32),
  IVECS("ivecs", Layout.TEXMEX, Element.INT32),
  BVECS("bvecs", Layout.TEXMEX, Element.UINT8),
  FBIN("fbin", Layout.BIN, Element.FLOAT32),
  U8BIN("u8bin", Layout.BIN, Element.UINT8),
  I8BIN("i8bin", Layout.BIN, Element.INT8),
  IBIN("ibin", Layout.BIN, Element.INT32),
  DISKANN_GT("gt", Layout.GROUND_TRUTH, Element.INT32),
  IDX("idx3-ubyte", Layout.IDX, Element.UINT8);

  /** How rows are framed in the file. */
  public enum Layout { TEXMEX, BIN, GROUND_TRUTH, IDX }

  /** The type of one stored value. */
  public enum Element {
    FLOAT32(4), INT32(4), UINT8(1), INT8(1);

    private final int bytes;

    Element(int bytes) {
      this.bytes = bytes;
    }

    public int bytes() {
      return bytes;
    }
  }

  private final String extension;
  private final Layout layout;
  private final Element element;

  VectorFormat(String extension, Layout layout, Element element) {
    this.extension = extension;
    this.layout = layout;
    this.element = element;
  }

  /** The file extension without the dot, e.g. {@code fvecs}. */
  public String extension() {
    return extension;
  }

  public Layout layout() {
    return layout;
  }

  public Element element() {
    return element;
  }

  /** True for formats whose values are read as float vectors (float32, uint8, int8). */
  public boolean holdsVectors() {
    return layout != Layout.GROUND_TRUTH && element != Element.INT32;
  }

  /** True for formats whose values are int32 rows (ids): ivecs, ibin and the ground-truth file. */
  public boolean holdsInts() {
    return element == Element.INT32;
  }

  /**
   * The format named by {@code name}: an extension ({@code fvecs}, {@code u8bin}, ...) or
   * {@code diskann_gt}; case-insensitive, with or without a leading dot.
   */
  public static VectorFormat parse(String name) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    if (n.startsWith(".")) {
      n = n.substring(1);
    }
    for (VectorFormat f : values()) {
      if (f.extension.equals(n) || f.name().toLowerCase(Locale.ROOT).equals(n)) {
        return f;
      }
    }
    if (n.equals("gtbin")) {
      return DISKANN_GT;
    }
    throw new VamanaException("unknown vector format '" + name + "' (expected " + known() + ")");
  }

  /** The format given by the extension of {@code file}. */
  public static VectorFormat of(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith("idx3-ubyte") || lower.endsWith("idx3-ubyte.gz")) {
      return IDX;
    }
    int dot = name.lastIndexOf('.');
    if (dot < 0) {
      throw new VamanaException(file + ": no file extension to tell the vector format (expected "
          + known() + ")");
    }
    String ext = name.substring(dot + 1);
    try {
      return parse(ext);
    } catch (VamanaException e) {
      throw new VamanaException(file + ": unknown vector file extension '." + ext + "' (expected "
          + known() + ")");
    }
  }

  /** {@code override} when non-null, else the format of {@code file}'s extension. */
  public static VectorFormat of(Path file, VectorFormat override) {
    return override != null ? override : of(file);
  }

  private static String known() {
    return ".fvecs, .ivecs, .bvecs, .fbin, .u8bin, .i8bin, .ibin, .gt or -idx3-ubyte[.gz]";
  }
}
