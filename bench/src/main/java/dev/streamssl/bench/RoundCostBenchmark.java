package dev.streamssl.bench;

import dev.streamssl.job.learn.sync.TensorBytes;
import dev.streamssl.learner.augment.AugmentationPresets;
import dev.streamssl.learner.method.LearnerSettings;
import dev.streamssl.learner.method.Methods;
import dev.streamssl.learner.method.SimClrSettings;
import dev.streamssl.learner.method.SslMethod;
import dev.streamssl.learner.model.Architecture;
import dev.streamssl.learner.optim.OptimizerSettings;
import dev.streamssl.learner.parallel.Contribution;
import dev.streamssl.learner.parallel.ReplicaMean;
import dev.streamssl.learner.parallel.ReplicatedState;
import dev.streamssl.learner.state.LearnerState;
import dev.streamssl.learner.state.NamedTensors;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.operators.coordination.OperatorCoordinator;
import org.apache.flink.runtime.operators.coordination.OperatorEvent;
import org.apache.flink.runtime.operators.coordination.OperatorEventGateway;
import org.apache.flink.runtime.operators.coordination.OperatorEventHandler;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.AbstractStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.CoordinatedOperatorFactory;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailbox;
import org.apache.flink.util.CloseableIterator;

/**
 * What an averaging round costs apart from waiting for the slowest learner. In this JVM, for the
 * small CNN and ResNet-18 (SimCLR's networks: encoder and projector with BatchNorm statistics): the
 * averaged tensors' size, taking them out of the learner, writing and reading them as a round's
 * message, the mean of 2 and 4 learners, and loading the mean back. On a MiniCluster: the round
 * trip of one 8 MiB operator event from an operator to its coordinator and back (Flink's own event
 * path, serialisation included; in one JVM, so no network: on a cluster add the transfer of 2·N
 * copies through the JobManager's network).
 */
public final class RoundCostBenchmark {
    private static final int EVENT_BYTES = 8 << 20;

    private final PrintStream out;

    /** One model's measured costs, medians in milliseconds. */
    record ModelCost(
            String architecture,
            long bytes,
            double extract,
            double write,
            double read,
            double mean2,
            double mean4,
            double load) {
        /** The mean of {@code n} learners, linear in n through the two measured points. */
        double mean(int n) {
            return mean2 + (mean4 - mean2) / 2 * (n - 2);
        }
    }

    public RoundCostBenchmark(PrintStream out) {
        this.out = out;
    }

    /**
     * Measures, then prints the efficiency model E(N, H) = H·tₛ / (H·tₛ + t_round(N)) for each
     * model's step time in {@code stepSeconds} (small CNN, ResNet-18) and a JobManager network of
     * {@code bandwidthGbps}.
     */
    public void run(int repeats, int pings, double[] stepSeconds, double bandwidthGbps)
            throws Exception {
        List<ModelCost> costs = new ArrayList<>();
        // once unmeasured: the first model measured would otherwise pay for the JIT's warm-up
        for (Architecture a : List.of(Architecture.SMALL_CNN, Architecture.RESNET18)) {
            model(a, 2, false);
        }
        for (Architecture a : List.of(Architecture.SMALL_CNN, Architecture.RESNET18)) {
            costs.add(model(a, repeats, true));
        }
        double eventMsPerMb = eventRoundTrip(pings);
        for (int m = 0; m < costs.size(); m++) {
            printModel(costs.get(m), stepSeconds[m], eventMsPerMb, bandwidthGbps);
        }
    }

    /**
     * A round, as the learners and the coordinator do it one after the other: a learner takes its
     * tensors out and writes them; the coordinator receives N messages (Flink's event path,
     * measured, and the network), reads them, averages, writes the mean and sends it N times; a
     * learner reads it and loads it. Stragglers are left out: the model is the cost of the exchange
     * itself.
     */
    private void printModel(ModelCost c, double step, double eventMsPerMb, double gbps) {
        double mb = c.bytes() / 1048576.0;
        double networkMsPerMb = 1e3 / (gbps * 1e9 / 8 / 1048576.0);
        out.printf(
                "model %s: step_s=%.3f message_mb=%.1f jobmanager_gbps=%.0f%n",
                c.architecture(), step, mb, gbps);
        for (int n : new int[] {2, 4, 8}) {
            double round =
                    c.extract()
                            + c.write()
                            + 2 * n * mb * (eventMsPerMb + networkMsPerMb)
                            + n * c.read()
                            + c.mean(n)
                            + c.write()
                            + c.read()
                            + c.load();
            StringBuilder line = new StringBuilder(String.format("  N=%d round_ms=%.0f", n, round));
            for (int h : new int[] {1, 10, 50}) {
                double e = h * step * 1e3 / (h * step * 1e3 + round);
                line.append(String.format(" E(H=%d)=%.2f", h, e));
            }
            out.println(line);
        }
    }

    private ModelCost model(Architecture architecture, int repeats, boolean print) {
        LearnerSettings settings =
                new LearnerSettings(
                        architecture,
                        3,
                        32,
                        8,
                        "cpu",
                        1L,
                        new OptimizerSettings(
                                "lars", 0.3, 1e-6, 0.9, 0.001, "constant", 0, 1000, 0.0),
                        new SimClrSettings(
                                0.2,
                                2048,
                                128,
                                AugmentationPresets.simclr(
                                        32,
                                        new float[] {0.5f, 0.5f, 0.5f},
                                        new float[] {0.25f, 0.25f, 0.25f})));
        try (SslMethod method = Methods.create(settings)) {
            double[] extract = new double[repeats];
            double[] write = new double[repeats];
            double[] read = new double[repeats];
            double[] mean2 = new double[repeats];
            double[] mean4 = new double[repeats];
            double[] load = new double[repeats];
            long bytes = 0;
            long values = 0;
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                LearnerState state = method.saveState();
                NamedTensors averaged =
                        ReplicatedState.averaged(state, method::averagedAcrossReplicas);
                long t1 = System.nanoTime();
                byte[] message = TensorBytes.write(averaged);
                long t2 = System.nanoTime();
                NamedTensors back = TensorBytes.read(message);
                long t3 = System.nanoTime();
                List<Contribution> four = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    four.add(new Contribution(i, 8, back));
                }
                NamedTensors m2 = ReplicaMean.of(four.subList(0, 2));
                long t4 = System.nanoTime();
                ReplicaMean.of(four);
                long t5 = System.nanoTime();
                method.restoreState(ReplicatedState.withAveraged(method.saveState(), m2));
                long t6 = System.nanoTime();
                extract[r] = (t1 - t0) / 1e6;
                write[r] = (t2 - t1) / 1e6;
                read[r] = (t3 - t2) / 1e6;
                mean2[r] = (t4 - t3) / 1e6;
                mean4[r] = (t5 - t4) / 1e6;
                load[r] = (t6 - t5) / 1e6;
                bytes = message.length;
                values = averaged.elementCount();
            }
            ModelCost cost =
                    new ModelCost(
                            architecture.configName(),
                            bytes,
                            median(extract),
                            median(write),
                            median(read),
                            median(mean2),
                            median(mean4),
                            median(load));
            if (!print) {
                return cost;
            }
            out.printf(
                    "%s: averaged_values=%d message_mb=%.1f extract_ms=%.1f write_ms=%.1f"
                            + " read_ms=%.1f mean2_ms=%.1f mean4_ms=%.1f load_ms=%.1f%n",
                    cost.architecture(),
                    values,
                    bytes / 1048576.0,
                    cost.extract(),
                    cost.write(),
                    cost.read(),
                    cost.mean2(),
                    cost.mean4(),
                    cost.load());
            return cost;
        }
    }

    /**
     * @return milliseconds per MiB moved one way through Flink's event path
     */
    private double eventRoundTrip(int pings) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
        List<Double> millis = new ArrayList<>();
        try (CloseableIterator<Long> rounds =
                env.fromSequence(1, pings)
                        .transform("ping", Types.LONG, new PingFactory())
                        .executeAndCollect("streamssl-round-trip")) {
            while (rounds.hasNext()) {
                millis.add(rounds.next() / 1e6);
            }
        }
        // the first few warm the path up
        double[] steady =
                millis.subList(Math.min(3, millis.size() - 1), millis.size()).stream()
                        .mapToDouble(Double::doubleValue)
                        .toArray();
        double median = median(steady);
        out.printf(
                "event_round_trip: bytes=%d pings=%d median_ms=%.1f mb_per_s=%.0f%n",
                EVENT_BYTES, steady.length, median, 2 * EVENT_BYTES / 1048576.0 / (median / 1e3));
        return median / (2 * EVENT_BYTES / 1048576.0);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** An 8 MiB payload; the coordinator sends it back. */
    record Ping(byte[] payload) implements OperatorEvent {}

    /** Sends each element's ping and emits the nanoseconds until it came back. */
    static final class PingOperator extends AbstractStreamOperator<Long>
            implements OneInputStreamOperator<Long, Long>, OperatorEventHandler {
        private final transient OperatorEventGateway coordinator;
        private final transient MailboxExecutor mailbox;
        private transient boolean back;

        PingOperator(StreamOperatorParameters<Long> parameters, OperatorEventGateway coordinator) {
            super(parameters);
            this.coordinator = coordinator;
            // operator events arrive as mails of the lowest priority: an executor of that
            // priority is needed to run them while waiting (the operator's own would not)
            this.mailbox =
                    parameters
                            .getContainingTask()
                            .getMailboxExecutorFactory()
                            .createExecutor(TaskMailbox.MIN_PRIORITY);
        }

        @Override
        public void processElement(StreamRecord<Long> element) throws Exception {
            byte[] payload = new byte[EVENT_BYTES];
            payload[element.getValue().intValue() % payload.length] = 1;
            back = false;
            long start = System.nanoTime();
            coordinator.sendEventToCoordinator(new Ping(payload));
            // the answer arrives as a mail: process mails until it has
            while (!back) {
                mailbox.yield();
            }
            output.collect(new StreamRecord<>(System.nanoTime() - start));
        }

        @Override
        public void handleOperatorEvent(OperatorEvent event) {
            back = true;
        }
    }

    static final class PingFactory extends AbstractStreamOperatorFactory<Long>
            implements OneInputStreamOperatorFactory<Long, Long>, CoordinatedOperatorFactory<Long> {
        @Override
        @SuppressWarnings("unchecked")
        public <T extends StreamOperator<Long>> T createStreamOperator(
                StreamOperatorParameters<Long> parameters) {
            OperatorID id = parameters.getStreamConfig().getOperatorID();
            PingOperator op =
                    new PingOperator(
                            parameters,
                            parameters.getOperatorEventDispatcher().getOperatorEventGateway(id));
            parameters.getOperatorEventDispatcher().registerEventHandler(id, op);
            return (T) op;
        }

        @Override
        public OperatorCoordinator.Provider getCoordinatorProvider(String name, OperatorID id) {
            return new EchoProvider(id);
        }

        @Override
        public Class<? extends StreamOperator> getStreamOperatorClass(ClassLoader classLoader) {
            return PingOperator.class;
        }
    }

    record EchoProvider(OperatorID getOperatorId) implements OperatorCoordinator.Provider {
        @Override
        public OperatorCoordinator create(OperatorCoordinator.Context context) {
            return new Echo();
        }
    }

    /** Sends every event back to the subtask it came from. */
    static final class Echo implements OperatorCoordinator {
        private final OperatorCoordinator.SubtaskGateway[] gateways =
                new OperatorCoordinator.SubtaskGateway[1];

        @Override
        public void start() {}

        @Override
        public void close() {}

        @Override
        public void handleEventFromOperator(int subtask, int attempt, OperatorEvent event) {
            gateways[subtask].sendEvent(event);
        }

        @Override
        public void checkpointCoordinator(long id, CompletableFuture<byte[]> result) {
            result.complete(new byte[0]);
        }

        @Override
        public void notifyCheckpointComplete(long id) {}

        @Override
        public void resetToCheckpoint(long id, byte[] data) {}

        @Override
        public void subtaskReset(int subtask, long id) {}

        @Override
        public void executionAttemptFailed(int subtask, int attempt, Throwable reason) {}

        @Override
        public void executionAttemptReady(int subtask, int attempt, SubtaskGateway gateway) {
            gateways[subtask] = gateway;
        }
    }
}
