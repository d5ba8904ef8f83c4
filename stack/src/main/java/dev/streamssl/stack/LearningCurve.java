package dev.streamssl.stack;

import dev.streamssl.eval.PairedDifference;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.learner.method.EvaluationNetwork;
import dev.streamssl.learner.method.ImageBatch;
import dev.streamssl.learner.method.LearnerSettings;
import dev.streamssl.learner.method.MethodIndicators;
import dev.streamssl.learner.method.Methods;
import dev.streamssl.learner.method.SslMethod;
import dev.streamssl.learner.method.TrainStepResult;
import dev.streamssl.producers.data.ImageSource;
import dev.streamssl.producers.data.LabeledImage;
import dev.streamssl.producers.data.ListImageSource;
import dev.streamssl.producers.data.LoopingCursor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A learning curve: the learner core alone (no Kafka, no Flink) trains the configured method on a
 * labelled data set in this JVM and measures kNN top-1 every so many images. The training stream is
 * the training split in its stored order, looping, as the demo publishes it, cut into the learner's
 * batches; the method, its recipe and its schedule come from the job's own options, so a curve
 * measures exactly what the job would learn per image, minus the pipeline.
 *
 * <p>With a shift, the stream first carries only {@code firstClasses} and, from image {@code
 * shiftAt} on, only {@code shiftClasses}; kNN is then measured separately on each class set (bank
 * and test restricted to it). That is the distribution-shift experiment of a drifting stream.
 */
public final class LearningCurve {
    /** What to run. {@code firstClasses} null: all classes and no shift. */
    public record Options(
            JobSettings settings,
            DemoData data,
            long images,
            long evalEvery,
            Set<Integer> firstClasses,
            Set<Integer> shiftClasses,
            long shiftAt,
            int k,
            double temperature,
            boolean measureStart) {

        /** Measured from the untrained encoder on, as {@code bench learn} does. */
        public Options(
                JobSettings settings,
                DemoData data,
                long images,
                long evalEvery,
                Set<Integer> firstClasses,
                Set<Integer> shiftClasses,
                long shiftAt,
                int k,
                double temperature) {
            this(
                    settings,
                    data,
                    images,
                    evalEvery,
                    firstClasses,
                    shiftClasses,
                    shiftAt,
                    k,
                    temperature,
                    true);
        }
    }

    /**
     * One measurement: kNN top-1 per probe (all, or first/new classes) after {@code images}, and
     * per probe which test images were classified right (for paired comparisons between points).
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

    public LearningCurve(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public List<Point> run() {
        JobSettings settings = options.settings();
        LearnerSettings learner = settings.learnerSettings();
        int decodeSize = settings.decodeSize();
        int batchSize = learner.batchSize();
        Map<String, KnnProbe> probes = probes();
        List<Point> curve = new ArrayList<>();
        try (SslMethod method = Methods.create(learner);
                EvaluationNetwork network =
                        EvaluationNetwork.of(learner, settings.mean(), settings.std())) {
            if (options.measureStart()) {
                curve.add(measure(method, network, probes, 0, null, learner));
            }
            Iterator<LabeledImage> stream = stream(options.firstClasses());
            boolean shifted = options.firstClasses() == null;
            long trained = 0;
            long nextEval = options.evalEvery();
            long trainNanos = 0;
            List<byte[]> batch = new ArrayList<>(batchSize);
            while (trained < options.images()) {
                if (!shifted && trained >= options.shiftAt()) {
                    stream = stream(options.shiftClasses());
                    shifted = true;
                    out.printf(
                            "shift: the stream now carries classes %s%n", options.shiftClasses());
                }
                batch.add(atDecodeSize(stream.next(), decodeSize, learner.channels()));
                if (batch.size() < batchSize) {
                    continue;
                }
                long start = System.nanoTime();
                TrainStepResult r =
                        method.trainStep(
                                ImageBatch.of(batch, learner.channels(), decodeSize, decodeSize));
                trainNanos += System.nanoTime() - start;
                trained += batch.size();
                batch.clear();
                if (trained >= nextEval || trained >= options.images()) {
                    nextEval += options.evalEvery();
                    curve.add(measure(method, network, probes, trained, r, learner));
                }
            }
            out.printf(
                    "trained %d images in %d steps, %.0f images/s (training only)%n",
                    trained, method.step(), trained / Math.max(trainNanos / 1e9, 1e-9));
            Point first = curve.get(0);
            Point last = curve.get(curve.size() - 1);
            for (String probe :
                    options.measureStart() ? first.correct().keySet() : Set.<String>of()) {
                out.printf(
                        "kNN %s, end against start on the same test images: %s%n",
                        probe,
                        PairedDifference.of(first.correct().get(probe), last.correct().get(probe)));
            }
        }
        return curve;
    }

    /** An image as the job's decoder hands it to the learner: at the decode size. */
    private static byte[] atDecodeSize(LabeledImage image, int decodeSize, int channels) {
        if (image.encoding() == dev.streamssl.schemas.Encoding.RAW_U8
                && image.width() == decodeSize
                && image.height() == decodeSize
                && image.channels() == channels) {
            return image.data();
        }
        return KnnProbe.modelInput(image, decodeSize, channels);
    }

    private Point measure(
            SslMethod method,
            EvaluationNetwork network,
            Map<String, KnnProbe> probes,
            long images,
            TrainStepResult last,
            LearnerSettings learner) {
        network.load(method.evaluationWeights());
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

    private Map<String, KnnProbe> probes() {
        Map<String, KnnProbe> probes = new LinkedHashMap<>();
        DemoData data = options.data();
        if (options.firstClasses() == null) {
            probes.put("all", probe(data.bank(), data.test()));
        } else {
            probes.put(
                    "first",
                    probe(
                            only(data.bank(), options.firstClasses()),
                            only(data.test(), options.firstClasses())));
            probes.put(
                    "new",
                    probe(
                            only(data.bank(), options.shiftClasses()),
                            only(data.test(), options.shiftClasses())));
        }
        return probes;
    }

    private KnnProbe probe(ImageSource bank, ImageSource test) {
        LearnerSettings learner = options.settings().learnerSettings();
        return new KnnProbe(
                bank,
                test,
                learner.channels(),
                learner.imageSize(),
                options.k(),
                options.temperature());
    }

    /** The training split, looping forever, restricted to {@code classes} (null: all). */
    private Iterator<LabeledImage> stream(Set<Integer> classes) {
        ImageSource source =
                classes == null ? options.data().train() : only(options.data().train(), classes);
        if (source.size() == 0) {
            throw new IllegalArgumentException("no training images of classes " + classes);
        }
        return new LoopingCursor(source, true);
    }

    private static ImageSource only(ImageSource source, Set<Integer> classes) {
        List<LabeledImage> kept = new ArrayList<>();
        for (Iterator<LabeledImage> it = source.iterator(); it.hasNext(); ) {
            LabeledImage image = it.next();
            if (image.label() != null && classes.contains(image.label())) {
                kept.add(image);
            }
        }
        return new ListImageSource(source.describe() + " classes " + classes, kept);
    }
}
