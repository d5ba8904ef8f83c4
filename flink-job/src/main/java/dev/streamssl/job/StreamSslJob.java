package dev.streamssl.job;

import dev.streamssl.job.config.InputOptions;
import dev.streamssl.job.config.JobArguments;
import dev.streamssl.job.config.JobOptions;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.config.KafkaOptions;
import dev.streamssl.job.config.LearnerOptions;
import dev.streamssl.job.decode.DecodeFunction;
import dev.streamssl.job.embed.EmbedderOperator;
import dev.streamssl.job.kafka.JsonEmbeddings;
import dev.streamssl.job.kafka.KafkaConnectors;
import dev.streamssl.job.kafka.KafkaTopics;
import dev.streamssl.job.kafka.SchemaSubjects;
import dev.streamssl.job.learn.LearnerOperator;
import dev.streamssl.job.learn.LearnerOperatorFactory;
import dev.streamssl.job.types.DecodedImage;
import dev.streamssl.job.types.EncodedRecord;
import dev.streamssl.job.types.KafkaRecord;
import dev.streamssl.job.types.ModelSnapshot;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.operators.SlotSharingGroup;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The streamssl Flink job: images topic → decode → embedders → embeddings topic, and the same topic
 * read again → decode → learner → (broadcast snapshots) → embedders; dead letters and training
 * metrics on their own topics.
 *
 * <p>Run it with {@code --config job.yaml [key=value ...]} ({@link JobArguments}); see
 * docs/configuration.md.
 */
public final class StreamSslJob {
    private StreamSslJob() {}

    /** The output streams of the pipeline; embeddings by method. */
    public record Outputs(
            Map<String, DataStream<EncodedRecord>> embeddings,
            DataStream<EncodedRecord> deadLetters,
            DataStream<EncodedRecord> metrics) {
        /** Every method's embeddings as one stream. */
        public DataStream<EncodedRecord> allEmbeddings() {
            DataStream<EncodedRecord> all = null;
            for (DataStream<EncodedRecord> e : embeddings.values()) {
                all = all == null ? e : all.union(e);
            }
            return all;
        }
    }

    /**
     * The topology, from raw Kafka records to encoded outputs; sources and sinks are at the edge.
     * The images arrive twice: {@code records} feed the embedders (and the dead letters), {@code
     * learningRecords}, the same topic read by a second source, feed the learner. So when training
     * is slower than the stream, only the learning path lags (its own offsets, its own
     * backpressure), and embedding runs at its own speed. {@code learningRecords} is null when the
     * learner is off.
     */
    public static Outputs pipeline(
            DataStream<KafkaRecord> records,
            DataStream<KafkaRecord> learningRecords,
            JobSettings s) {
        // embedders see the model's input; the learner crops its views from a larger decode
        SingleOutputStreamOperator<DecodedImage> decoded =
                decode(records, s, s.get(InputOptions.IMAGE_SIZE), "decode");
        SingleOutputStreamOperator<DecodedImage> learning =
                learningRecords == null
                        ? null
                        : decode(learningRecords, s, s.decodeSize(), "decode-learner");
        if (learning != null && s.learnerParallelism() > 1) {
            // each learner decodes what its own source reader reads, in its own slot
            learning.setParallelism(s.learnerParallelism()).slotSharingGroup(learnerSlots(s));
        }
        Outputs out = null;
        // several methods side by side: one learner and one embedder each on the same decoded
        // streams; their learners take turns on DJL's one gradient collector per JVM
        for (String m : s.methods()) {
            JobSettings one = s.methods().size() == 1 ? s : s.forMethod(m);
            Outputs o =
                    methodPipeline(
                            records,
                            decoded,
                            learning,
                            one,
                            s.methods().size() == 1 ? "" : "-" + m);
            if (out == null) {
                out =
                        new Outputs(
                                new LinkedHashMap<>(o.embeddings()), o.deadLetters(), o.metrics());
            } else {
                out.embeddings().putAll(o.embeddings());
                out =
                        new Outputs(
                                out.embeddings(),
                                out.deadLetters(),
                                out.metrics().union(o.metrics()));
            }
        }
        return out;
    }

    /** One method's learner and embedders on the decoded streams. */
    private static Outputs methodPipeline(
            DataStream<KafkaRecord> records,
            SingleOutputStreamOperator<DecodedImage> decoded,
            DataStream<DecodedImage> learning,
            JobSettings s,
            String uidSuffix) {
        String method = s.get(LearnerOptions.METHOD);
        DataStream<ModelSnapshot> snapshots;
        DataStream<EncodedRecord> metrics;
        if (learning != null) {
            // no max parallelism is set: Flink's default (128) lets a checkpoint of N learners
            // restore at M, and a checkpoint written when it was pinned to 1 still restores at 1.
            // The learner starts a chain of its own, as it did while its max parallelism kept it
            // apart: its decoder runs on another thread, in parallel with the training steps,
            // not between them on the learner's (one bench pipeline run chained trained 597
            // images/s, three of four with a chain of its own 811-853)
            SingleOutputStreamOperator<ModelSnapshot> learner;
            if (s.learnerParallelism() == 1) {
                learner =
                        learning.transform(
                                        "learner-" + method,
                                        TypeInformation.of(ModelSnapshot.class),
                                        new LearnerOperator(s))
                                .uid("learner-" + method)
                                .setParallelism(1)
                                .startNewChain();
            } else {
                learner =
                        learning.transform(
                                        "learner-" + method,
                                        TypeInformation.of(ModelSnapshot.class),
                                        new LearnerOperatorFactory(s))
                                .uid("learner-" + method)
                                .setParallelism(s.learnerParallelism())
                                .slotSharingGroup(learnerSlots(s))
                                .startNewChain();
            }
            snapshots = learner;
            metrics = learner.getSideOutput(LearnerOperator.METRICS);
        } else {
            // streams that never carry a record (Flink's fromData refuses an empty one), chained
            // to the source so that they cost nothing
            int parallelism = s.get(JobOptions.DECODE_PARALLELISM);
            snapshots =
                    records.flatMap(new Nothing<KafkaRecord, ModelSnapshot>())
                            .returns(TypeInformation.of(ModelSnapshot.class))
                            .name("no-learner")
                            .uid("no-learner" + uidSuffix)
                            .setParallelism(parallelism);
            metrics =
                    records.flatMap(new Nothing<KafkaRecord, EncodedRecord>())
                            .returns(TypeInformation.of(EncodedRecord.class))
                            .name("no-metrics")
                            .uid("no-metrics" + uidSuffix)
                            .setParallelism(parallelism);
        }
        SingleOutputStreamOperator<EncodedRecord> embeddings =
                decoded.connect(snapshots.broadcast())
                        .transform(
                                "embedder-" + method,
                                TypeInformation.of(EncodedRecord.class),
                                new EmbedderOperator(s))
                        .uid(embedderUid(method))
                        .setParallelism(s.get(JobOptions.EMBEDDER_PARALLELISM));
        // the learning path's decoder finds the same bad records: only this one reports them
        return new Outputs(
                Map.of(method, embeddings),
                decoded.getSideOutput(DecodeFunction.DEAD_LETTERS),
                metrics.union(embeddings.getSideOutput(EmbedderOperator.LIVE_KNN)));
    }

    private static SingleOutputStreamOperator<DecodedImage> decode(
            DataStream<KafkaRecord> records, JobSettings s, int side, String uid) {
        return records.process(DecodeFunction.of(s, side, s.faultInjection()))
                .name(uid)
                .uid(uid)
                .setParallelism(s.get(JobOptions.DECODE_PARALLELISM));
    }

    /**
     * The slots of several learners, apart from the embedders': one per learner (with its source
     * reader and decoder chained to it), sized and asking for {@code learner.slot.gpus} GPUs when
     * that is set (Flink's fine-grained resource management then places each learner where a GPU is
     * free).
     */
    static SlotSharingGroup learnerSlots(JobSettings s) {
        SlotSharingGroup.Builder group = SlotSharingGroup.newBuilder("learners");
        int gpus = s.get(LearnerOptions.SLOT_GPUS);
        if (gpus > 0) {
            group.setCpuCores(s.get(LearnerOptions.SLOT_CPU_CORES))
                    .setTaskHeapMemoryMB(s.get(LearnerOptions.SLOT_TASK_HEAP_MB))
                    .setExternalResource("gpu", gpus);
        }
        return group.build();
    }

    /** Emits nothing: the typed empty stream of a path that is switched off. */
    private static final class Nothing<I, O>
            implements org.apache.flink.api.common.functions.FlatMapFunction<I, O> {
        @Override
        public void flatMap(I value, org.apache.flink.util.Collector<O> out) {}
    }

    /** Adds the whole job, Kafka sources and sinks included, to the environment. */
    public static void attach(StreamExecutionEnvironment env, JobSettings s) {
        checkpointInterval(s, env.getConfiguration())
                .ifPresent(interval -> env.enableCheckpointing(interval.toMillis()));
        DataStream<KafkaRecord> records =
                env.fromSource(
                                KafkaConnectors.imagesSource(s),
                                WatermarkStrategy.noWatermarks(),
                                "images")
                        .uid("images-source")
                        .setParallelism(s.get(JobOptions.DECODE_PARALLELISM));
        DataStream<KafkaRecord> learningRecords = null;
        if (!s.get(LearnerOptions.MODE).equals("off")) {
            learningRecords =
                    env.fromSource(
                                    KafkaConnectors.imagesSource(
                                            s, s.get(KafkaOptions.GROUP_ID) + "-learner"),
                                    WatermarkStrategy.noWatermarks(),
                                    "images-learner")
                            .uid("images-learner-source")
                            .setParallelism(s.get(JobOptions.DECODE_PARALLELISM));
            if (s.learnerParallelism() > 1) {
                // learner i reads its own partitions: source, decoder and learner form one chain
                ((SingleOutputStreamOperator<KafkaRecord>) learningRecords)
                        .setParallelism(s.learnerParallelism())
                        .slotSharingGroup(learnerSlots(s));
            }
        }
        Outputs out = pipeline(records, learningRecords, s);
        if (s.get(KafkaOptions.EMBEDDINGS_TOPIC_PER_METHOD)) {
            out.embeddings()
                    .forEach(
                            (method, embeddings) ->
                                    embeddings
                                            .sinkTo(
                                                    KafkaConnectors.sink(
                                                            s,
                                                            s.embeddingsTopic(method),
                                                            "embeddings-" + method))
                                            .name("embeddings-sink-" + method)
                                            .uid("embeddings-sink-" + method)
                                            .setParallelism(
                                                    s.get(JobOptions.EMBEDDER_PARALLELISM)));
        } else {
            out.allEmbeddings()
                    .sinkTo(
                            KafkaConnectors.sink(
                                    s, s.get(KafkaOptions.EMBEDDINGS_TOPIC), "embeddings"))
                    .name("embeddings-sink")
                    .uid("embeddings-sink")
                    .setParallelism(s.get(JobOptions.EMBEDDER_PARALLELISM));
        }
        String jsonTopic = s.get(KafkaOptions.EMBEDDINGS_JSON_TOPIC);
        if (!jsonTopic.isEmpty()) {
            out.allEmbeddings()
                    .map(new JsonEmbeddings(s.wireFormat(), s.get(KafkaOptions.EMBEDDINGS_TOPIC)))
                    .returns(TypeInformation.of(EncodedRecord.class))
                    .name("embeddings-json")
                    .uid("embeddings-json")
                    .setParallelism(s.get(JobOptions.EMBEDDER_PARALLELISM))
                    .sinkTo(KafkaConnectors.sink(s, jsonTopic, "embeddings-json"))
                    .name("embeddings-json-sink")
                    .uid("embeddings-json-sink")
                    .setParallelism(s.get(JobOptions.EMBEDDER_PARALLELISM));
        }
        out.deadLetters()
                .sinkTo(
                        KafkaConnectors.sink(
                                s, s.get(KafkaOptions.DEAD_LETTER_TOPIC), "dead-letters"))
                .name("dead-letter-sink")
                .uid("dead-letter-sink")
                .setParallelism(s.get(JobOptions.DECODE_PARALLELISM));
        out.metrics()
                .sinkTo(KafkaConnectors.metricsSink(s))
                .name("metrics-sink")
                .uid("metrics-sink")
                .setParallelism(1);
    }

    /** The uid of a method's embedder, under which savepoints hold its newest model snapshot. */
    public static String embedderUid(String method) {
        return "embedder-" + method;
    }

    /** Flink settings the job needs in every environment (checkpoint storage). */
    public static Configuration flinkConfiguration(JobSettings s) {
        return flinkConfiguration(s, new Configuration());
    }

    /**
     * Flink settings the job brings to a cluster whose own configuration is {@code flink}: its
     * checkpoint directory, unless the cluster names one ({@code execution.checkpointing.dir}) and
     * {@code job.checkpoint-dir} was left at its default. An option the user gave wins; a default
     * of the job never overrides what the cluster was configured with.
     */
    public static Configuration flinkConfiguration(JobSettings s, ReadableConfig flink) {
        Configuration conf = new Configuration();
        if (s.configuration().contains(JobOptions.CHECKPOINT_DIR)
                || flink.getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY).isEmpty()) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, s.get(JobOptions.CHECKPOINT_DIR));
        }
        return conf;
    }

    /**
     * The checkpoint interval the job sets: {@code job.checkpoint-interval} when the user gave it
     * or the cluster names none ({@code execution.checkpointing.interval}); else none, and Flink's
     * own applies.
     */
    public static Optional<Duration> checkpointInterval(JobSettings s, ReadableConfig flink) {
        if (s.configuration().contains(JobOptions.CHECKPOINT_INTERVAL)
                || flink.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL).isEmpty()) {
            return Optional.of(s.get(JobOptions.CHECKPOINT_INTERVAL));
        }
        return Optional.empty();
    }

    /**
     * Entry point for {@code flink run} and the REST API's {@code /jars/{id}/run}. A bad
     * configuration is thrown, not {@code System.exit}ed: in a web submission this main runs inside
     * the JobManager.
     */
    public static void main(String[] args) throws Exception {
        JobSettings settings = JobArguments.parse(args);
        KafkaTopics.ensure(settings);
        SchemaSubjects.registerAtSubmission(settings);
        // the cluster's own configuration, as the environment Flink gives this main sees it
        ReadableConfig cluster =
                StreamExecutionEnvironment.getExecutionEnvironment().getConfiguration();
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        flinkConfiguration(settings, cluster));
        attach(env, settings);
        env.execute(settings.get(JobOptions.NAME));
    }
}
