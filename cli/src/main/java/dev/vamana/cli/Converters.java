package dev.vamana.cli;

import dev.vamana.VamanaException;
import dev.vamana.io.VectorFormat;
import dev.vamana.vector.Metric;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Picocli converters for the project's value types; a bad value is a usage error. */
final class Converters {
  private Converters() {}

  /** {@code l2}, {@code ip} or {@code cosine} (and the aliases of {@link Metric#parse}). */
  static final class MetricConverter implements ITypeConverter<Metric> {
    @Override
    public Metric convert(String value) {
      try {
        return Metric.parse(value);
      } catch (VamanaException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A vector file format name such as {@code fvecs} or {@code fbin}. */
  static final class FormatConverter implements ITypeConverter<VectorFormat> {
    @Override
    public VectorFormat convert(String value) {
      try {
        return VectorFormat.parse(value);
      } catch (VamanaException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
