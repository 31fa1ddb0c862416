package dev.vamana.collection;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongPredicate;

/** Test-only brute-force stand-in for the graph index (until VamanaIndex lands on main). Thread-safe. */
public final class ExactVectorIndex implements VectorIndex {
    public static final Factory FACTORY = new Factory() {
        @Override
        public VectorIndex create(int dimension) {
            return new ExactVectorIndex();
        }

        @Override
        public VectorIndex open(Path file) {
            ExactVectorIndex x = new ExactVectorIndex();
            try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
                int n = in.readInt(), d = in.readInt();
                for (int i = 0; i < n; i++) {
                    long id = in.readLong();
                    float[] v = new float[d];
                    for (int j = 0; j < d; j++) v[j] = in.readFloat();
                    x.map.put(id, v);
                }
            } catch (IOException e) {
                throw new dev.vamana.VamanaException(file + ": " + e);
            }
            return x;
        }
    };

    private final ConcurrentSkipListMap<Long, float[]> map = new ConcurrentSkipListMap<>();

    @Override public void add(long id, float[] vector) { map.put(id, vector.clone()); }
    @Override public boolean delete(long id) { return map.remove(id) != null; }
    @Override public boolean contains(long id) { return map.containsKey(id); }
    @Override public float[] vector(long id) { float[] v = map.get(id); return v == null ? null : v.clone(); }
    @Override public int size() { return map.size(); }

    @Override
    public Hits search(float[] q, int k, LongPredicate filter) {
        var entries = map.entrySet().stream().filter(e -> filter == null || filter.test(e.getKey()))
                .map(e -> Map.entry(e.getKey(), 1f - dot(q, e.getValue())))
                .sorted(Map.Entry.comparingByValue()).limit(k).toList();
        long[] ids = new long[entries.size()];
        float[] d = new float[ids.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = entries.get(i).getKey();
            d[i] = entries.get(i).getValue();
        }
        return new Hits(ids, d);
    }

    private static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    @Override
    public void save(Path file) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(tmp))) {
            out.writeInt(map.size());
            out.writeInt(map.isEmpty() ? 0 : map.firstEntry().getValue().length);
            for (var e : map.entrySet()) {
                out.writeLong(e.getKey());
                for (float f : e.getValue()) out.writeFloat(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override public void close() {}
}
