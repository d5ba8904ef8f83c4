package dev.streamssl.bench;

import dev.streamssl.job.config.JobSettings;
import dev.streamssl.learner.method.EvaluationNetwork;
import dev.streamssl.learner.method.ImageBatch;
import dev.streamssl.learner.method.LearnerSettings;
import dev.streamssl.learner.method.Methods;
import dev.streamssl.learner.method.SslMethod;
import dev.streamssl.learner.parallel.Contribution;
import dev.streamssl.learner.parallel.ReplicaMean;
import dev.streamssl.learner.parallel.ReplicaSync;
import dev.streamssl.learner.parallel.ReplicatedState;
import dev.streamssl.learner.state.NamedTensors;
import dev.streamssl.producers.data.LabeledImage;
import dev.streamssl.producers.data.LoopingCursor;
import dev.streamssl.stack.DemoData;
import dev.streamssl.stack.KnnProbe;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Data-parallel learners simulated in this JVM, for the quality side of {@code
 * learner.parallelism}: N copies of the configured method (shared initialisation, each its own
 * random stream), the training split dealt to them batch by batch as partitions would be, an
 * averaging round every H steps through the same {@link ReplicaSync}, {@link ReplicaMean} and outer
 * optimizer the job uses, and kNN top-1 of the averaged model after a given number of images in
 * all. The learning rate follows the global batch, as in the job. The job's mechanism (operator
 * events, checkpoints) is not simulated; what a model learns per image is.
 */
public final class LocalSgdCurve {
    /** kNN after {@code images} images in all, trained by {@code learners} learners. */
    public record Result(
            int learners,
            int syncEvery,
            long images,
            long stepsPerLearner,
            long rounds,
            double knn,
            double seconds) {}

    private LocalSgdCurve() {}

    /**
     * Trains {@code learner.parallelism} learners (from {@code settings}) on {@code images} images
     * in all, averaging every {@code learner.sync-every} steps and once more at the end.
     */
    public static Result run(
            JobSettings settings, DemoData data, long images, KnnProbe probe, PrintStream out) {
        int n = settings.learnerParallelism();
        int h = settings.get(dev.streamssl.job.config.LearnerOptions.SYNC_EVERY);
        LearnerSettings learner = settings.learnerSettings();
        int batch = learner.batchSize();
        int size = learner.imageSize();
        long start = System.nanoTime();
        List<SslMethod> methods = new ArrayList<>();
        List<ReplicaSync> syncs = new ArrayList<>();
        try (EvaluationNetwork network =
                EvaluationNetwork.of(learner, settings.mean(), settings.std())) {
            for (int i = 0; i < n; i++) {
                SslMethod m = Methods.create(learner);
                m.restoreState(ReplicatedState.forReplica(m.saveState(), i));
                methods.add(m);
                syncs.add(new ReplicaSync(m, i, settings.outerOptimizer()));
            }
            Iterator<LabeledImage> stream = new LoopingCursor(data.train(), true);
            long trained = 0;
            long steps = 0;
            long rounds = 0;
            int sinceRound = 0;
            while (trained < images) {
                for (int i = 0; i < n; i++) {
                    List<byte[]> pixels = new ArrayList<>(batch);
                    while (pixels.size() < batch) {
                        pixels.add(stream.next().data());
                    }
                    methods.get(i).trainStep(ImageBatch.of(pixels, learner.channels(), size, size));
                    syncs.get(i).trained(batch);
                    trained += batch;
                }
                steps++;
                if (++sinceRound == h) {
                    round(syncs);
                    rounds++;
                    sinceRound = 0;
                }
            }
            if (sinceRound > 0) {
                round(syncs);
                rounds++;
            }
            network.load(methods.get(0).evaluationWeights());
            double knn = probe.encoder(network);
            Result r =
                    new Result(
                            n, h, trained, steps, rounds, knn, (System.nanoTime() - start) / 1e9);
            out.printf(
                    "learners=%d sync_every=%d images=%d steps_per_learner=%d rounds=%d knn=%.4f"
                            + " seconds=%.0f%n",
                    r.learners(),
                    r.syncEvery(),
                    r.images(),
                    r.stepsPerLearner(),
                    r.rounds(),
                    r.knn(),
                    r.seconds());
            return r;
        } finally {
            methods.forEach(SslMethod::close);
        }
    }

    private static void round(List<ReplicaSync> syncs) {
        List<Contribution> contributions = new ArrayList<>();
        for (ReplicaSync s : syncs) {
            contributions.add(s.contribution());
        }
        NamedTensors mean = ReplicaMean.of(contributions);
        for (ReplicaSync s : syncs) {
            s.adopt(mean);
        }
    }
}
