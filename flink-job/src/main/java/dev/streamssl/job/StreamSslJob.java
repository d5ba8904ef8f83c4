package dev.streamssl.job;

import dev.streamssl.job.config.ConfigLoader;
import dev.streamssl.job.config.InputOptions;
import dev.streamssl.job.config.JobOptions;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.config.KafkaOptions;
import dev.streamssl.job.config.LearnerOptions;
import dev.streamssl.job.decode.DecodeFunction;
import dev.streamssl.job.embed.EmbedderOperator;
import dev.streamssl.job.kafka.KafkaConnectors;
import dev.streamssl.job.learn.LearnerOperator;
import dev.streamssl.job.types.DecodedImage;
import dev.streamssl.job.types.EncodedRecord;
import dev.streamssl.job.types.KafkaRecord;
import dev.streamssl.job.types.ModelSnapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The streamssl Flink job: images topic → decode → learner → (broadcast snapshots) → embedders →
 * embeddings topic, with dead letters and training metrics on their own topics.
 *
 * <p>Run it with {@code --config job.yaml [key=value ...]}; see docs/configuration.md.
 */
public final class StreamSslJob {
    private StreamSslJob() {}

    /** The three output streams of the pipeline. */
    public record Outputs(
            DataStream<EncodedRecord> embeddings,
            DataStream<EncodedRecord> deadLetters,
            DataStream<EncodedRecord> metrics) {}

    /**
     * The topology, from raw Kafka records to encoded outputs; sources and sinks are at the edge.
     */
    public static Outputs pipeline(DataStream<KafkaRecord> records, JobSettings s) {
        String method = s.get(LearnerOptions.METHOD);
        SingleOutputStreamOperator<DecodedImage> decoded =
                records.process(
                                new DecodeFunction(
                                        s.get(InputOptions.CHANNELS),
                                        s.get(InputOptions.IMAGE_SIZE),
                                        s.get(InputOptions.MAX_SIDE),
                                        s.get(InputOptions.MAX_BYTES),
                                        s.get(KafkaOptions.DEAD_LETTER_MAX_BYTES)))
                        .name("decode")
                        .uid("decode")
                        .setParallelism(s.get(JobOptions.DECODE_PARALLELISM));
        SingleOutputStreamOperator<ModelSnapshot> snapshots =
                decoded.transform(
                                "learner-" + method,
                                TypeInformation.of(ModelSnapshot.class),
                                new LearnerOperator(s))
                        .uid("learner-" + method)
                        .setParallelism(1)
                        .setMaxParallelism(1);
        SingleOutputStreamOperator<EncodedRecord> embeddings =
                decoded.connect(snapshots.broadcast())
                        .transform(
                                "embedder-" + method,
                                TypeInformation.of(EncodedRecord.class),
                                new EmbedderOperator(s))
                        .uid("embedder-" + method)
                        .setParallelism(s.get(JobOptions.EMBEDDER_PARALLELISM));
        return new Outputs(
                embeddings,
                decoded.getSideOutput(DecodeFunction.DEAD_LETTERS),
                snapshots.getSideOutput(LearnerOperator.METRICS));
    }

    /** Adds the whole job, Kafka source and sinks included, to the environment. */
    public static void attach(StreamExecutionEnvironment env, JobSettings s) {
        env.enableCheckpointing(s.get(JobOptions.CHECKPOINT_INTERVAL).toMillis());
        DataStream<KafkaRecord> records =
                env.fromSource(
                                KafkaConnectors.imagesSource(s),
                                WatermarkStrategy.noWatermarks(),
                                "images")
                        .uid("images-source")
                        .setParallelism(s.get(JobOptions.DECODE_PARALLELISM));
        Outputs out = pipeline(records, s);
        out.embeddings()
                .sinkTo(KafkaConnectors.sink(s, s.get(KafkaOptions.EMBEDDINGS_TOPIC), "embeddings"))
                .name("embeddings-sink")
                .uid("embeddings-sink")
                .setParallelism(s.get(JobOptions.EMBEDDER_PARALLELISM));
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

    /** Flink settings the job needs in every environment (checkpoint storage). */
    public static Configuration flinkConfiguration(JobSettings s) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, s.get(JobOptions.CHECKPOINT_DIR));
        return conf;
    }

    /**
     * Parses {@code --config FILE} and {@code key=value} (or {@code --set key=value}) arguments.
     */
    public static JobSettings parseArguments(String[] args) throws java.io.IOException {
        Path config = null;
        List<String> overrides = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--config") && i + 1 < args.length) {
                config = Path.of(args[++i]);
            } else if (a.equals("--set") && i + 1 < args.length) {
                overrides.add(args[++i]);
            } else if (a.contains("=") && !a.startsWith("--")) {
                overrides.add(a);
            } else {
                throw new IllegalArgumentException(
                        "unexpected argument '"
                                + a
                                + "'; usage: --config FILE [--set key=value ...]");
            }
        }
        return JobSettings.from(ConfigLoader.load(config, overrides));
    }

    /**
     * Entry point for {@code flink run} and the REST API's {@code /jars/{id}/run}. A bad
     * configuration is thrown, not {@code System.exit}ed: in a web submission this main runs inside
     * the JobManager.
     */
    public static void main(String[] args) throws Exception {
        JobSettings settings = parseArguments(args);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(settings));
        attach(env, settings);
        env.execute(settings.get(JobOptions.NAME));
    }
}
