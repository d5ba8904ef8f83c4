package dev.streamssl.job.config;

import dev.streamssl.learner.continual.ContinualSettings;
import dev.streamssl.learner.continual.ContinualStrategies;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/**
 * {@code continual.*}: the continual-learning strategy composed with the method, for a learner that
 * keeps training while the stream changes or that continues from a pretrained model.
 */
public final class ContinualOptions {
    private ContinualOptions() {}

    public static final ConfigOption<String> STRATEGY =
            ConfigOptions.key("continual.strategy")
                    .stringType()
                    .defaultValue("none")
                    .withDescription(
                            "none: the method alone. cassle: CaSSLe (Fini et al., CVPR 2022), a"
                                    + " frozen copy of the encoder and projector that a trained"
                                    + " predictor maps today's projections to, with the method's"
                                    + " own loss (simclr, byol, barlowtwins, vicreg, simsiam,"
                                    + " nnclr). After a warm start the copy is the pretrained model"
                                    + " from the first step.");

    public static final ConfigOption<Long> REFRESH_EVERY =
            ConfigOptions.key("continual.refresh-every")
                    .longType()
                    .defaultValue(0L)
                    .withDescription(
                            "cassle: training steps between refreshes of the frozen copy (the"
                                    + " paper refreshes at each task; a stream has none). 0: never,"
                                    + " so the copy stays what a warm start or a drift alarm"
                                    + " (continual.refresh-on-drift) made it.");

    public static final ConfigOption<Boolean> REFRESH_ON_DRIFT =
            ConfigOptions.key("continual.refresh-on-drift")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "cassle: refresh the frozen copy before the next step when the"
                                    + " learner's drift check (drift.*) raises an alarm, the"
                                    + " stream's own task boundary.");

    public static final ConfigOption<Double> WEIGHT =
            ConfigOptions.key("continual.cassle.weight")
                    .doubleType()
                    .noDefaultValue()
                    .withDescription(
                            "λ of the distillation term; default the official code's for the"
                                    + " method's family: 1 (contrastive, predictive,"
                                    + " decorrelative), 25 (VICReg's MSE).");

    public static final ConfigOption<Integer> PREDICTOR_HIDDEN_DIM =
            ConfigOptions.key("continual.cassle.predictor-hidden-dim")
                    .intType()
                    .defaultValue(2048)
                    .withDescription("Hidden width of CaSSLe's predictor (2048 in the paper).");

    public static final ConfigOption<Double> TEMPERATURE =
            ConfigOptions.key("continual.cassle.temperature")
                    .doubleType()
                    .defaultValue(ContinualSettings.NONE.temperature())
                    .withDescription(
                            "τ of the contrastive distillation (SimCLR, NNCLR); 0.2 as the"
                                    + " official code.");

    public static final ConfigOption<Long> HEAD_WARMUP_STEPS =
            ConfigOptions.key("continual.head-warmup-steps")
                    .longType()
                    .defaultValue(0L)
                    .withDescription(
                            "After a warm start (learner.init-from): training steps during which"
                                    + " only the fresh heads (projector, predictor) train and the"
                                    + " pretrained encoder keeps its weights, so that the heads'"
                                    + " first, random gradients do not reach it. Any strategy.");

    static final List<OptionCheck> CHECKS =
            List.of(
                    OptionCheck.known(STRATEGY, ContinualStrategies::named),
                    OptionCheck.atLeast(REFRESH_EVERY, 0L, "0 = never"),
                    OptionCheck.atLeast(HEAD_WARMUP_STEPS, 0L, "0 = none"),
                    OptionCheck.range(PREDICTOR_HIDDEN_DIM, 1, 65536),
                    ContinualOptions::oneRefreshForAllReplicas);

    /**
     * Data-parallel learners average their networks, CaSSLe's frozen copy among them: they must
     * refresh it at the same steps. A drift alarm is each learner's own (each checks the images it
     * trains on), so it would refresh one copy and not the others.
     */
    private static void oneRefreshForAllReplicas(Configuration c) {
        if (c.get(REFRESH_ON_DRIFT) && c.get(LearnerOptions.PARALLELISM) > 1) {
            throw new IllegalArgumentException(
                    "option 'continual.refresh-on-drift' = true with learner.parallelism = "
                            + c.get(LearnerOptions.PARALLELISM)
                            + ": each learner checks drift on its own images and would refresh its"
                            + " frozen copy at another step than the others, whose copies are"
                            + " averaged with it; use continual.refresh-every, which refreshes"
                            + " them all at the same steps");
        }
    }
}
