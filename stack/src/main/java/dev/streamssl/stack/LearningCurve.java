package dev.streamssl.stack;

import dev.streamssl.eval.PairedDifference;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.learn.TrainingLoop;
import dev.streamssl.job.types.DecodedImage;
import dev.streamssl.learner.drift.DriftCheck;
import dev.streamssl.learner.method.EvaluationNetwork;
import dev.streamssl.learner.method.LearnerSettings;
import dev.streamssl.learner.method.MethodIndicators;
import dev.streamssl.learner.method.Methods;
import dev.streamssl.learner.method.SslMethod;
import dev.streamssl.learner.method.TrainStepResult;
import dev.streamssl.producers.data.LabeledImage;
import dev.streamssl.stack.continual.Domain;
import dev.streamssl.stack.continual.Part;
import dev.streamssl.stack.continual.Phase;
import dev.streamssl.stack.continual.Scenario;
import dev.streamssl.stack.continual.ScenarioData;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A learning curve: the learner core alone (no Kafka, no Flink) trains the configured method on a
 * labelled data set in this JVM and measures kNN top-1 every so many images. The stream is a {@link
 * Scenario}'s phases in turn (by default one phase: the training split in its stored order,
 * looping, as the demo publishes it), cut into the learner's batches and trained through the job's
 * own {@link TrainingLoop} (its replay buffer included); the method, its recipe and its schedule
 * come from the job's options, so a curve measures what the job would learn per image, minus the
 * pipeline.
 *
 * <p>kNN is measured on each of the scenario's parts (for a shift: the old classes or domain, the
 * new, all) every {@code evalEvery} images and at the end of every phase, and, when a {@link
 * DriftCheck} is on, the drift statistic of the recent stream against its beginning is printed
 * every so often. With {@code preciseBatchNorm} each point is scored after {@link PreciseBatchNorm}
 * (the learning test's fair comparison with an untrained encoder).
 */
public final class LearningCurve {
    /** What to run. */
    public record Options(
            JobSettings settings,
            DemoData data,
            Scenario scenario,
            long evalEvery,
            int k,
            double temperature,
            boolean measureStart,
            DriftCheck.Settings drift,
            boolean preciseBatchNorm) {}

    /**
     * One measurement: kNN top-1 per part after {@code images}, and per part which test images were
     * classified right (for paired comparisons between points).
     */
    public record Point(
            long images,
            long step,
            double loss,
            double learningRate,
            Map<String, Double> knn,
            Map<String, boolean[]> correct) {}

    private final Options options;
    private final PrintStream out;
    private DriftCheck drift;

    public LearningCurve(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** The drift checks of the last {@link #run()}, in order. */
    public List<DriftCheck.Result> driftChecks() {
        return drift == null ? List.of() : drift.results();
    }

    public List<Point> run() {
        return run(method -> {});
    }

    /** Runs the curve; {@code atEnd} sees the trained method before it is closed (to export it). */
    public List<Point> run(Consumer<SslMethod> atEnd) {
        JobSettings settings = options.settings();
        LearnerSettings learner = settings.learnerSettings();
        int decodeSize = settings.decodeSize();
        int batchSize = learner.batchSize();
        Scenario scenario = options.scenario();
        ScenarioData data = new ScenarioData(options.data(), decodeSize, learner.channels());
        Map<String, KnnProbe> probes = probes(data);
        List<Point> curve = new ArrayList<>();
        try (SslMethod method = Methods.create(learner);
                EvaluationNetwork network =
                        EvaluationNetwork.of(learner, settings.mean(), settings.std())) {
            TrainingLoop loop = TrainingLoop.of(method, settings, learner, options.drift());
            drift = loop.drift();
            long driftChecks = 0;
            if (options.measureStart()) {
                curve.add(measure(method, network, probes, 0, null));
            }
            long trained = 0;
            long nextEval = options.evalEvery();
            long trainNanos = 0;
            TrainStepResult last = null;
            List<DecodedImage> batch = new ArrayList<>(batchSize);
            for (Phase phase : scenario.phases()) {
                if (scenario.phases().size() > 1) {
                    out.printf(
                            "phase %s from image %d: classes %s, seen %s%s%n",
                            phase.name(),
                            trained,
                            phase.classes() == null ? "all" : new TreeSet<>(phase.classes()),
                            phase.domains().stream()
                                    .map(Domain::label)
                                    .collect(Collectors.joining(" and ")),
                            phase.runLength() > 0 ? ", runs of " + phase.runLength() : "");
                }
                Iterator<LabeledImage> stream = data.stream(phase);
                long phaseEnd = trained + phase.images();
                while (trained < phaseEnd) {
                    LabeledImage image = stream.next();
                    batch.add(decoded(image, data.atDecodeSize(image), trained + batch.size()));
                    if (batch.size() < batchSize && trained + batch.size() < phaseEnd) {
                        continue;
                    }
                    long start = System.nanoTime();
                    List<TrainStepResult> results = loop.learnFrom(batch);
                    trainNanos += System.nanoTime() - start;
                    if (drift.checks() > driftChecks) {
                        // the checks this batch ran: the newest of the kept results
                        List<DriftCheck.Result> kept = drift.results();
                        int fresh = (int) (drift.checks() - driftChecks);
                        kept.subList(kept.size() - fresh, kept.size()).forEach(this::report);
                        driftChecks = drift.checks();
                    }
                    last = results.isEmpty() ? last : results.get(results.size() - 1);
                    trained += batch.size();
                    batch.clear();
                    if (trained >= nextEval || trained == phaseEnd) {
                        while (nextEval <= trained) {
                            nextEval += options.evalEvery();
                        }
                        curve.add(measure(method, network, probes, trained, last));
                    }
                }
            }
            atEnd.accept(method);
            out.printf(
                    "trained %d images in %d steps, %.0f images/s (training only)%n",
                    trained, method.step(), trained / Math.max(trainNanos / 1e9, 1e-9));
            if (options.measureStart()) {
                Point first = curve.get(0);
                Point end = curve.get(curve.size() - 1);
                for (String part : first.correct().keySet()) {
                    out.printf(
                            "kNN %s, end against start on the same test images: %s%n",
                            part,
                            PairedDifference.of(
                                    first.correct().get(part), end.correct().get(part)));
                }
            }
        }
        return curve;
    }

    private static DecodedImage decoded(LabeledImage image, byte[] pixels, long timestampMs) {
        return new DecodedImage(image.id(), timestampMs, pixels, image.label(), Map.of());
    }

    private void report(DriftCheck.Result r) {
        out.printf(
                "drift images=%d mmd2=%.5f threshold=%.5f%s%n",
                r.images(), r.statistic(), r.threshold(), r.drifted() ? " ALARM" : "");
    }

    private Point measure(
            SslMethod method,
            EvaluationNetwork network,
            Map<String, KnnProbe> probes,
            long images,
            TrainStepResult last) {
        network.load(method.evaluationWeights());
        if (options.preciseBatchNorm()) {
            LearnerSettings learner = options.settings().learnerSettings();
            PreciseBatchNorm.apply(
                    network, options.data().train(), learner.channels(), learner.imageSize());
        }
        Map<String, Double> knn = new LinkedHashMap<>();
        Map<String, boolean[]> correct = new LinkedHashMap<>();
        for (Map.Entry<String, KnnProbe> p : probes.entrySet()) {
            boolean[] right = p.getValue().correct(network);
            correct.put(p.getKey(), right);
            knn.put(p.getKey(), KnnProbe.accuracy(right));
        }
        double loss = last == null ? Double.NaN : last.loss();
        double learningRate = last == null ? Double.NaN : last.learningRate();
        Point point = new Point(images, method.step(), loss, learningRate, knn, correct);
        StringBuilder line = new StringBuilder();
        line.append(String.format("images=%d step=%d", images, method.step()));
        if (last != null) {
            line.append(String.format(" loss=%.4f lr=%.5f", loss, learningRate));
            MethodIndicators m = last.indicators();
            appendIfSet(line, "teacher_entropy", m.teacherEntropy());
            appendIfSet(line, "teacher_student_kl", m.teacherStudentKl());
            appendIfSet(line, "positive_similarity", m.positiveSimilarity());
            appendIfSet(line, "negative_similarity", m.negativeSimilarity());
            appendIfSet(line, "cluster_entropy_bits", m.clusterEntropy());
        }
        knn.forEach((name, v) -> line.append(String.format(" knn_%s=%.4f", name, v)));
        out.println(line);
        return point;
    }

    private static void appendIfSet(StringBuilder line, String name, double value) {
        if (!Double.isNaN(value)) {
            line.append(String.format(" %s=%.4f", name, value));
        }
    }

    private Map<String, KnnProbe> probes(ScenarioData data) {
        LearnerSettings learner = options.settings().learnerSettings();
        Map<String, KnnProbe> probes = new LinkedHashMap<>();
        for (Part part : options.scenario().parts()) {
            probes.put(
                    part.name(),
                    new KnnProbe(
                            data.bank(part),
                            data.test(part),
                            learner.channels(),
                            learner.imageSize(),
                            options.k(),
                            options.temperature()));
        }
        return probes;
    }
}
