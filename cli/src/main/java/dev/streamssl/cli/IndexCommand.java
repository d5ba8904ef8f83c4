package dev.streamssl.cli;

import dev.streamssl.consumers.index.VectorIndex;
import dev.streamssl.schemas.EmbeddingRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code streamssl index}: an embeddings topic into a Lucene vector index on disk, one document per
 * image id (the newest model version wins), searched by cosine with HNSW.
 */
@Command(
        name = "index",
        mixinStandardHelpOptions = true,
        description =
                "Upsert an embeddings topic into a Lucene vector index (one document per image id, newest model version wins; cosine, HNSW) and optionally score kNN with the index's own search.")
public final class IndexCommand implements Callable<Integer> {
    private static final int BATCH = 5000;

    @Mixin EmbeddingTopic source;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Index directory.")
    Path dir;

    @Option(names = "--method", description = "Index only this method's embeddings.")
    String method;

    @Option(names = "--model-version", description = "Index only this model version.")
    Long modelVersion;

    @Option(
            names = "--knn",
            description =
                    "After indexing, weighted kNN top-1 of the indexed split=test documents against the split=train ones, neighbours from the index (k=20, T=0.07, as eval knn).")
    boolean knn;

    @Override
    public Integer call() throws Exception {
        List<EmbeddingRecord> batch = new ArrayList<>();
        long[] read = {0};
        int[] written = {0};
        try (VectorIndex index = VectorIndex.open(dir)) {
            source.reader()
                    .read(
                            null,
                            Duration.ofSeconds(source.idleSeconds),
                            Duration.ofHours(24),
                            e -> {
                                read[0]++;
                                if ((method == null || method.equals(e.getMethod()))
                                        && (modelVersion == null
                                                || modelVersion == e.getModelVersion())) {
                                    batch.add(e);
                                }
                                if (batch.size() >= BATCH) {
                                    written[0] += flush(index, batch);
                                    System.err.printf(
                                            "read %d embeddings, wrote %d documents%n",
                                            read[0], written[0]);
                                }
                            });
            written[0] += flush(index, batch);
            System.out.printf(
                    "indexed %d of %d embeddings read into %s: %d documents (one per id),"
                            + " model versions %s%n",
                    written[0], read[0], dir, index.count(), index.versions());
            if (knn) {
                System.out.printf(
                        "index_knn_top1=%.4f (k=20, T=0.07, neighbours from the index)%n",
                        index.knnTop1(20, 0.07));
            }
        }
        return 0;
    }

    private static int flush(VectorIndex index, List<EmbeddingRecord> batch) {
        try {
            int n = index.upsert(batch);
            batch.clear();
            return n;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
