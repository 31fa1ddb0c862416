package dev.vamana.graph;

import dev.vamana.vector.Kernels;
import dev.vamana.vector.Metric;
import dev.vamana.vector.VectorStore;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class NodeDistancesTest {
    @Test
    void batchedDistancesMatchSingleDistancesForEveryCountAndMetric() {
        Random rnd = new Random(7);
        int dim = 37; // not a multiple of any vector width: the kernels' tails run too
        VectorStore store = new VectorStore(dim, 16);
        for (int r = 0; r < 16; r++) {
            float[] v = new float[dim];
            for (int j = 0; j < dim; j++) v[j] = (float) rnd.nextGaussian();
            store.append(v);
        }
        float[] q = new float[dim];
        for (int j = 0; j < dim; j++) q[j] = (float) rnd.nextGaussian();
        int[] nodes = {3, 15, 0, 7, 7, 12, 1, 9, 4, 11, 2};
        for (Metric m : Metric.values()) {
            NodeDistances d = new NodeDistances(m, Kernels.get(), store);
            for (int n = 0; n <= nodes.length; n++) {
                float[] out = new float[nodes.length];
                java.util.Arrays.fill(out, Float.NaN);
                d.distances(q, nodes, n, out, new float[4]);
                for (int i = 0; i < n; i++) {
                    assertThat(out[i]).as("%s, %d rows, row %d", m, n, i).isCloseTo(d.distance(q, nodes[i]), within(1e-4f));
                }
                for (int i = n; i < nodes.length; i++) assertThat(out[i]).as("untouched past n").isNaN();
            }
        }
    }
}
