package dev.streamssl.learner.method;

/**
 * What a method reports beyond its loss to show that it learns and has not collapsed; NaN where a
 * method has no such quantity.
 *
 * @param teacherEntropy DINO: mean entropy (nats) of the centred, sharpened teacher distributions
 *     P_t; ln K when uniform (collapse by centring), 0 when one-hot (collapse by sharpening)
 * @param teacherStudentKl DINO: mean KL(P_t ‖ P_s) over the loss's pairs; the loss minus the
 *     teacher entropy; near 0 with a constant teacher output (collapse)
 * @param positiveSimilarity MoCo: mean cosine similarity of a query with its positive key
 * @param negativeSimilarity MoCo: mean cosine similarity of a query with the queue's negatives; the
 *     gap to the positive is what the model has learnt to tell apart
 * @param clusterEntropy clustering methods: entropy (bits) of the cluster sizes in the batch
 */
public record MethodIndicators(
        double teacherEntropy,
        double teacherStudentKl,
        double positiveSimilarity,
        double negativeSimilarity,
        double clusterEntropy) {

    public static final MethodIndicators NONE =
            new MethodIndicators(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public static MethodIndicators dino(double teacherEntropy, double kl) {
        return new MethodIndicators(teacherEntropy, kl, Double.NaN, Double.NaN, Double.NaN);
    }

    public static MethodIndicators moco(double positive, double negative) {
        return new MethodIndicators(Double.NaN, Double.NaN, positive, negative, Double.NaN);
    }

    public static MethodIndicators clusters(double entropyBits) {
        return new MethodIndicators(Double.NaN, Double.NaN, Double.NaN, Double.NaN, entropyBits);
    }
}
