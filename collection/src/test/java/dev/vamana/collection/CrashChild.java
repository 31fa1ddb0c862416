package dev.vamana.collection;

import dev.vamana.embed.Embedders;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Child process for {@link CrashRecoveryTest}: adds documents to a collection forever (bounded), printing
 * "ACK n" after each add returns, and checkpointing every 7 documents; or, given a line file too, ingests it in
 * bulk ({@link Ingestor#ingestLines}) printing "ACK n" as lines are stored. The parent kills it with SIGKILL.
 */
public final class CrashChild {
    public static void main(String[] args) {
        Path folder = Path.of(args[0]);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Collection c = Collection.open("crash", folder, Embedders.create(Embedders.defaultName()), VamanaVectorIndex.factory());
        Ingestor ing = new Ingestor(c, pool);
        if (args.length > 1) { // a bulk ingest of a line file: "ACK n" once n lines are stored; one checkpoint midway
            ing.ingestLines(Path.of(args[1]), new IngestListener() {
                @Override
                public void progress(long done) {
                    if (done >= 300 && done < 364) c.checkpoint();
                    System.out.println("ACK " + done);
                    System.out.flush();
                }
            });
            System.exit(0);
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (int i = 0; i < 5000 && System.nanoTime() < deadline; i++) {
            ing.addText("/crash/doc" + i, "doc " + i, "txt", CrashRecoveryTest.text(i));
            if (i % 5 == 4) c.deleteDocument(c.store().documentByPath("/crash/doc" + (i - 2)).id());
            System.out.println("ACK " + i);
            System.out.flush();
            if (i % 7 == 6) c.checkpoint();
        }
        System.exit(0);
    }
}
