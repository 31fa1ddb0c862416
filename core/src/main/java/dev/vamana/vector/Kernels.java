package dev.vamana.vector;

/**
 * Chooses the distance kernels once, at class initialisation: the Vector API kernels when the
 * {@code jdk.incubator.vector} module is present and offers at least 128-bit float vectors, the
 * scalar kernels otherwise. Setting the system property {@code vamana.simd=false} forces scalar.
 */
public final class Kernels {
  private static final VectorKernels CHOSEN = choose();

  private Kernels() {}

  /** The kernels in use for this JVM. */
  public static VectorKernels get() {
    return CHOSEN;
  }

  /** The scalar reference kernels. */
  public static VectorKernels scalar() {
    return ScalarKernels.INSTANCE;
  }

  /** The SIMD kernels when available, or {@code null}. */
  public static VectorKernels simdOrNull() {
    return simdAvailable() ? SimdKernels.INSTANCE : null;
  }

  private static boolean simdAvailable() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return false;
    }
    try {
      return SimdKernels.lanes() >= 4;
    } catch (Throwable t) { // LinkageError when the module is missing at run time
      return false;
    }
  }

  private static VectorKernels choose() {
    if (!Boolean.parseBoolean(System.getProperty("vamana.simd", "true"))) {
      return ScalarKernels.INSTANCE;
    }
    return simdAvailable() ? SimdKernels.INSTANCE : ScalarKernels.INSTANCE;
  }
}
