package dev.streamssl.learner.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Thresholds on the collapse indicators, each the mark of a known way self-supervised training
 * fails. A crossed threshold is an alarm: a short name and the values that raised it. NaN (a
 * quantity the method does not have) never raises one.
 *
 * <ul>
 *   <li>{@code embedding-std}: mean per-dimension std of the L2-normalised representations below
 *       {@value #MIN_EMBEDDING_STD}. Spread-out vectors give about 1/√D (0.022 at D = 2048);
 *       complete collapse, every image on one point, gives 0 (SimSiam §4.1).
 *   <li>{@code effective-rank}: exp(entropy of the normalised singular values) of a batch of
 *       embeddings below {@value #MIN_EFFECTIVE_RANK}: the embeddings lie on about one line
 *       (dimensional collapse, Jing et al. 2022).
 *   <li>{@code teacher-one-hot}: DINO's teacher entropy below {@value #MIN_TEACHER_ENTROPY} nats:
 *       sharpening won over centring, every image goes to one prototype.
 *   <li>{@code teacher-uniform}: KL(teacher ‖ student) below {@value #MIN_TEACHER_STUDENT_KL} while
 *       the teacher entropy is within 1 % of ln K: centring won, the teacher says nothing and the
 *       student copies it (DINO §5.3, Fig. 7).
 *   <li>{@code moco-no-contrast}: the mean cosine of a query to the queue's negatives above {@value
 *       #MAX_NEGATIVE_SIMILARITY} and within {@value #MIN_POSITIVE_GAP} of its positive: all keys
 *       look alike.
 *   <li>{@code cluster-collapse}: the batch's cluster sizes have less than {@value
 *       #MIN_CLUSTER_ENTROPY_BITS} bit of entropy: most images in one or two clusters.
 * </ul>
 *
 * Early in training several of these hold for a healthy learner (an untrained DINO head is close to
 * uniform), so the learner raises alarms only after its warm-up.
 */
public final class CollapseAlarms {
    public static final double MIN_EMBEDDING_STD = 0.005;
    public static final double MIN_EFFECTIVE_RANK = 2.0;
    public static final double MIN_TEACHER_ENTROPY = 0.05;
    public static final double MIN_TEACHER_STUDENT_KL = 1e-3;
    public static final double MAX_NEGATIVE_SIMILARITY = 0.9;
    public static final double MIN_POSITIVE_GAP = 0.05;
    public static final double MIN_CLUSTER_ENTROPY_BITS = 1.0;

    private CollapseAlarms() {}

    /** The indicator values of one report; NaN where not measured. */
    public record Indicators(
            double embeddingStd,
            double effectiveRank,
            double teacherEntropy,
            double teacherStudentKl,
            int teacherOutputs,
            double positiveSimilarity,
            double negativeSimilarity,
            double clusterEntropyBits) {}

    /** The alarms the indicators raise, each "name: what was seen"; empty when healthy. */
    public static List<String> check(Indicators i) {
        List<String> alarms = new ArrayList<>();
        if (i.embeddingStd() < MIN_EMBEDDING_STD) {
            alarms.add(
                    String.format(
                            "embedding-std: %.4g < %s, the representations are nearly one point",
                            i.embeddingStd(), MIN_EMBEDDING_STD));
        }
        if (i.effectiveRank() < MIN_EFFECTIVE_RANK) {
            alarms.add(
                    String.format(
                            "effective-rank: %.3g < %s, the embeddings lie on about one line",
                            i.effectiveRank(), MIN_EFFECTIVE_RANK));
        }
        if (i.teacherEntropy() < MIN_TEACHER_ENTROPY) {
            alarms.add(
                    String.format(
                            "teacher-one-hot: teacher entropy %.3g nats < %s",
                            i.teacherEntropy(), MIN_TEACHER_ENTROPY));
        }
        if (i.teacherOutputs() > 1
                && i.teacherEntropy() > 0.99 * Math.log(i.teacherOutputs())
                && i.teacherStudentKl() < MIN_TEACHER_STUDENT_KL) {
            alarms.add(
                    String.format(
                            "teacher-uniform: teacher entropy %.4g of ln K = %.4g and KL(teacher||student)"
                                    + " %.3g < %s",
                            i.teacherEntropy(),
                            Math.log(i.teacherOutputs()),
                            i.teacherStudentKl(),
                            MIN_TEACHER_STUDENT_KL));
        }
        if (i.negativeSimilarity() > MAX_NEGATIVE_SIMILARITY
                && i.positiveSimilarity() - i.negativeSimilarity() < MIN_POSITIVE_GAP) {
            alarms.add(
                    String.format(
                            "moco-no-contrast: negatives at cosine %.3f, positives at %.3f",
                            i.negativeSimilarity(), i.positiveSimilarity()));
        }
        if (i.clusterEntropyBits() < MIN_CLUSTER_ENTROPY_BITS) {
            alarms.add(
                    String.format(
                            "cluster-collapse: cluster sizes carry %.3g bits < %s",
                            i.clusterEntropyBits(), MIN_CLUSTER_ENTROPY_BITS));
        }
        return alarms;
    }

    /** The alarm's name, the part before the colon. */
    public static String name(String alarm) {
        int colon = alarm.indexOf(':');
        return colon < 0 ? alarm : alarm.substring(0, colon);
    }
}
