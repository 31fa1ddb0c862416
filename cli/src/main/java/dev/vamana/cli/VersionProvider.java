package dev.vamana.cli;

import dev.vamana.vector.Kernels;
import picocli.CommandLine.IVersionProvider;

/** Version text for {@code vamana --version}: the jar version, the JVM and the kernels in use. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = VamanaCli.class.getPackage().getImplementationVersion();
    return new String[] {
      "vamana " + (v == null ? "(development build)" : v),
      "JVM: " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")",
      "kernels: " + Kernels.get().description()
    };
  }
}
