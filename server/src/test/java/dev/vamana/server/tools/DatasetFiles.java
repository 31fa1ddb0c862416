package dev.vamana.server.tools;

import dev.vamana.io.VectorFileReader;
import dev.vamana.vector.VectorStore;

import java.nio.file.Path;

/** Reads the benchmark tools' vector and ground-truth files with the engine's own readers (format by extension). */
final class DatasetFiles {
    private DatasetFiles() {}

    /** Every row of a vector file (.fvecs, .fbin, ...) as its own array. */
    static float[][] floats(Path file) {
        VectorStore store = VectorFileReader.readVectors(file);
        float[][] rows = new float[store.size()][store.dimension()];
        for (int i = 0; i < rows.length; i++) store.get(i, rows[i]);
        return rows;
    }

    /** Every row of an integer file (.ivecs, .ibin), e.g. ground-truth ids. */
    static int[][] ints(Path file) {
        return VectorFileReader.readInts(file);
    }
}
