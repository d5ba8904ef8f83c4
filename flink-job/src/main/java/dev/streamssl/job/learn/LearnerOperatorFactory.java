package dev.streamssl.job.learn;

import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.learn.sync.AveragingCoordinator;
import dev.streamssl.job.types.DecodedImage;
import dev.streamssl.job.types.ModelSnapshot;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.operators.coordination.OperatorCoordinator;
import org.apache.flink.runtime.operators.coordination.OperatorEventDispatcher;
import org.apache.flink.streaming.api.operators.AbstractStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.CoordinatedOperatorFactory;
import org.apache.flink.streaming.api.operators.OneInputStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;

/**
 * Builds the learners of a method when there are several ({@code learner.parallelism} above 1):
 * each {@link LearnerOperator} gets the gateway to its {@link AveragingCoordinator}, which Flink
 * creates on the JobManager from {@link #getCoordinatorProvider}.
 */
public final class LearnerOperatorFactory extends AbstractStreamOperatorFactory<ModelSnapshot>
        implements OneInputStreamOperatorFactory<DecodedImage, ModelSnapshot>,
                CoordinatedOperatorFactory<ModelSnapshot> {
    private static final long serialVersionUID = 1L;
    private final JobSettings settings;

    public LearnerOperatorFactory(JobSettings settings) {
        this.settings = settings;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends StreamOperator<ModelSnapshot>> T createStreamOperator(
            StreamOperatorParameters<ModelSnapshot> parameters) {
        OperatorID id = parameters.getStreamConfig().getOperatorID();
        OperatorEventDispatcher events = parameters.getOperatorEventDispatcher();
        LearnerOperator learner =
                new LearnerOperator(settings, parameters, events.getOperatorEventGateway(id));
        events.registerEventHandler(id, learner);
        return (T) learner;
    }

    @Override
    public OperatorCoordinator.Provider getCoordinatorProvider(
            String operatorName, OperatorID operatorId) {
        return new AveragingCoordinator.Provider(operatorId);
    }

    @Override
    public Class<? extends StreamOperator> getStreamOperatorClass(ClassLoader classLoader) {
        return LearnerOperator.class;
    }
}
