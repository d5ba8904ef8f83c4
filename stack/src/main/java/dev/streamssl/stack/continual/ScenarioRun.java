package dev.streamssl.stack.continual;

import dev.streamssl.consumers.eval.KnnEvaluation;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.learner.method.LearnerSettings;
import dev.streamssl.producers.data.ImageSource;
import dev.streamssl.producers.data.LabeledImage;
import dev.streamssl.producers.data.ListImageSource;
import dev.streamssl.schemas.DriftReport;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.stack.DemoData;
import dev.streamssl.stack.KnnProbe;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A scenario run through the whole job (the demo's {@code --scenario}): the data the demo publishes
 * (the scenario's stream, and a bank and test set of every domain its parts score), kNN per part of
 * the model the job starts from (its initial or {@code learner.init-from} weights, measured in this
 * JVM) and of the final model (from the job's own embeddings of bank and test), and the learner's
 * drift alarms against the points where the stream changed.
 */
public final class ScenarioRun {
    private final Scenario scenario;
    private final ScenarioData data;
    private final DemoData published;

    /**
     * @param scenario the scenario, sized to the demo's image budget
     * @param raw the demo's data set (its training split feeds the phases)
     * @param settings the job's settings (decode size, channels)
     */
    public ScenarioRun(Scenario scenario, DemoData raw, JobSettings settings) {
        this.scenario = scenario;
        LearnerSettings learner = settings.learnerSettings();
        this.data = new ScenarioData(raw, settings.decodeSize(), learner.channels());
        Set<Domain> domains = new LinkedHashSet<>();
        for (Part p : scenario.parts()) {
            domains.add(p.domain());
        }
        List<Part> whole = new ArrayList<>();
        for (Domain d : domains) {
            whole.add(new Part("all " + d.label(), null, d, Part.Role.ALL));
        }
        this.published =
                new DemoData(
                        raw.name() + ", scenario " + scenario.name(),
                        new ScenarioImages(scenario, data),
                        union("bank", whole, data::bank),
                        union("test", whole, data::test));
    }

    public Scenario scenario() {
        return scenario;
    }

    /** What the demo publishes: the scenario's stream, and bank and test of every scored domain. */
    public DemoData published() {
        return published;
    }

    private static ImageSource union(
            String name, List<Part> parts, Function<Part, ImageSource> cut) {
        List<LabeledImage> all = new ArrayList<>();
        for (Part p : parts) {
            for (Iterator<LabeledImage> it = cut.apply(p).iterator(); it.hasNext(); ) {
                all.add(it.next());
            }
        }
        return new ListImageSource(name + " of " + parts.size() + " domains", all);
    }

    /** kNN per part of the weights the job starts from, in this JVM. */
    public Map<String, Double> start(JobSettings settings, int k, double temperature) {
        LearnerSettings learner = settings.learnerSettings();
        Map<String, Double> out = new LinkedHashMap<>();
        for (Part p : scenario.parts()) {
            out.put(
                    p.name(),
                    new KnnProbe(
                                    data.bank(p),
                                    data.test(p),
                                    learner.channels(),
                                    learner.imageSize(),
                                    k,
                                    temperature)
                            .untrained(settings));
        }
        return out;
    }

    /** kNN per part of one model version, from the job's embeddings of bank and test. */
    public Map<String, Double> end(
            List<EmbeddingRecord> eval, String method, long version, int k, double temperature) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Part p : scenario.parts()) {
            List<EmbeddingRecord> part = eval.stream().filter(r -> inPart(r, p)).toList();
            out.put(p.name(), KnnEvaluation.evaluate(part, method, version, k, temperature).top1());
        }
        return out;
    }

    /** Whether an embedded bank or test image belongs to a part: its class and its domain. */
    static boolean inPart(EmbeddingRecord r, Part p) {
        boolean newCamera = r.getId().endsWith("/" + Domain.NEW_CAMERA.label());
        if (newCamera != (p.domain() == Domain.NEW_CAMERA)) {
            return false;
        }
        return p.classes() == null || (r.getLabel() != null && p.classes().contains(r.getLabel()));
    }

    /** The per-part table: start, end and change, with each part's role. */
    public void print(Map<String, Double> start, Map<String, Double> end, PrintStream out) {
        out.printf("%nscenario %s, kNN per part (k and T as above):%n", scenario.name());
        out.printf("%-12s %-5s %8s %8s %8s%n", "part", "role", "start", "end", "change");
        for (Part p : scenario.parts()) {
            double s = start.get(p.name());
            double e = end.get(p.name());
            out.printf(
                    "%-12s %-5s %8.4f %8.4f %+8.4f%n",
                    p.name(), p.role().name().toLowerCase(java.util.Locale.ROOT), s, e, e - s);
        }
    }

    /**
     * The drift alarms against the points where the stream changed. The learner reads the images
     * topic's partitions interleaved, so it meets a change up to a few hundred images before or
     * after the image where it was published: an alarm less than one check interval ({@code
     * drift.check-every}) before a change is the change's.
     */
    public void printDrift(List<DriftReport> checks, long checkEvery, PrintStream out) {
        List<Long> changes = new ArrayList<>(scenario.phaseEnds());
        changes.remove(changes.size() - 1);
        long alarms = checks.stream().filter(DriftReport::getDrifted).count();
        out.printf(
                "drift: %d checks, %d alarms; the stream changed at image%s %s%n",
                checks.size(), alarms, changes.size() == 1 ? "" : "s", changes);
        for (DriftReport r : checks) {
            if (!r.getDrifted()) {
                continue;
            }
            Long change = null;
            for (long c : changes) {
                if (c - checkEvery < r.getImages()) {
                    change = c;
                }
            }
            out.printf(
                    "  alarm at image %d (step %d, MMD² %.4f > %.4f): %s%s%n",
                    r.getImages(),
                    r.getStep(),
                    r.getStatistic(),
                    r.getThreshold(),
                    change == null
                            ? "before any change (a false alarm)"
                            : String.format(
                                    "%d images %s the change at %d",
                                    Math.abs(r.getImages() - change),
                                    r.getImages() < change ? "before" : "after",
                                    change),
                    r.getAnchorRefreshed() ? "; CaSSLe's anchor refreshed" : "");
        }
    }
}
