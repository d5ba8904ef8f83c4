package dev.streamssl.cli;

import dev.streamssl.consumers.index.Upserted;
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
 * method and image id, each method at its newest model version, searched by cosine with HNSW within
 * one method. Records older than their method's indexed version are skipped and reported; a run
 * that indexes nothing of a method for that reason fails, pointing at {@code --rebuild}.
 */
@Command(
        name = "index",
        mixinStandardHelpOptions = true,
        description =
                "Upsert an embeddings topic into a Lucene vector index (one document per method and image id, each method at its newest model version; cosine, HNSW) and optionally score kNN with the index's own search.")
public final class IndexCommand implements Callable<Integer> {
    private static final int BATCH = 5000;

    @Mixin EmbeddingTopic source;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Index directory.")
    Path dir;

    @Option(
            names = "--method",
            description =
                    "Index only this method's embeddings (and score it with --knn; needed for --knn when the index holds several methods).")
    String method;

    @Option(names = "--model-version", description = "Index only this model version.")
    Long modelVersion;

    @Option(
            names = "--knn",
            description =
                    "After indexing, weighted kNN top-1 of the indexed split=test documents against the split=train ones, neighbours from the index (k=20, T=0.07, as eval knn).")
    boolean knn;

    @Option(
            names = "--rebuild",
            description =
                    "Empty the index first, e.g. after the job restarted from scratch: its model versions begin at 0 again and would be skipped as older than the indexed ones.")
    boolean rebuild;

    @Override
    public Integer call() throws Exception {
        List<EmbeddingRecord> batch = new ArrayList<>();
        long[] read = {0};
        Upserted[] upserted = {Upserted.none()};
        try (VectorIndex index = VectorIndex.open(dir, rebuild)) {
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
                                    upserted[0] = upserted[0].plus(flush(index, batch));
                                    System.err.printf(
                                            "read %d embeddings, wrote %d documents%n",
                                            read[0], upserted[0].total());
                                }
                            });
            upserted[0] = upserted[0].plus(flush(index, batch));
            System.out.printf(
                    "indexed %d of %d embeddings read into %s: %d documents (one per method and"
                            + " id), model versions %s%n",
                    upserted[0].total(), read[0], dir, index.count(), index.versions());
            upserted[0].skippedLines().forEach(System.out::println);
            upserted[0].requireEachMethodIndexed(dir);
            if (knn) {
                double top1 = index.knnTop1(method, 20, 0.07);
                System.out.printf(
                        "index_knn_top1=%.4f (method %s, k=20, T=0.07, neighbours from the"
                                + " index)%n",
                        top1, method != null ? method : index.methods().first());
            }
        }
        return 0;
    }

    private static Upserted flush(VectorIndex index, List<EmbeddingRecord> batch) {
        try {
            Upserted u = index.upsert(batch);
            batch.clear();
            return u;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
