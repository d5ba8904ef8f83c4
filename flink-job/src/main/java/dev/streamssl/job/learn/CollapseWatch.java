package dev.streamssl.job.learn;

import dev.streamssl.learner.method.MethodIndicators;
import dev.streamssl.learner.method.TrainStepResult;
import dev.streamssl.learner.metrics.CollapseAlarms;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each metrics report's collapse indicators against {@link CollapseAlarms}' thresholds after
 * the warm-up, and logs when the set of raised alarms changes (a warning when one is raised, a line
 * when all are cleared), not at every report.
 */
final class CollapseWatch {
    private static final Logger LOG = LoggerFactory.getLogger(CollapseWatch.class);

    private final String where;
    private final int teacherOutputs;
    private final long quietSteps;
    private Set<String> raised = Set.of();

    /**
     * @param teacherOutputs K of a DINO head, 0 for other methods
     * @param quietSteps steps without alarms (the warm-up, when a healthy learner can look
     *     collapsed)
     */
    CollapseWatch(String where, int teacherOutputs, long quietSteps) {
        this.where = where;
        this.teacherOutputs = teacherOutputs;
        this.quietSteps = quietSteps;
    }

    List<String> check(TrainStepResult r) {
        if (r.step() <= quietSteps) {
            return List.of();
        }
        MethodIndicators m = r.indicators();
        List<String> alarms =
                CollapseAlarms.check(
                        new CollapseAlarms.Indicators(
                                r.embeddingStd(),
                                Double.NaN,
                                m.teacherEntropy(),
                                m.teacherStudentKl(),
                                teacherOutputs,
                                m.positiveSimilarity(),
                                m.negativeSimilarity(),
                                m.clusterEntropy()));
        Set<String> names = new LinkedHashSet<>();
        alarms.forEach(a -> names.add(CollapseAlarms.name(a)));
        if (!names.equals(raised)) {
            if (names.isEmpty()) {
                LOG.info("{}: collapse alarms cleared at step {}", where, r.step());
            } else {
                LOG.warn(
                        "{}: collapse alarm at step {}: {} (thresholds: docs/deployment.md, Collapse alarms)",
                        where,
                        r.step(),
                        String.join("; ", alarms));
            }
            raised = names;
        }
        return alarms;
    }

    /** Alarms raised by the last check. */
    int raised() {
        return raised.size();
    }
}
