package dev.streamssl.job.reembed;

import dev.streamssl.job.StreamSslJob;
import dev.streamssl.job.config.ConfigLoader;
import dev.streamssl.job.config.JobArguments;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.config.KafkaOptions;
import dev.streamssl.job.decode.DecodeFunction;
import dev.streamssl.job.export.ModelDirectory;
import dev.streamssl.job.fault.FaultInjection;
import dev.streamssl.job.kafka.KafkaConnectors;
import dev.streamssl.job.kafka.RawRecordDeserializer;
import dev.streamssl.job.types.EncodedRecord;
import dev.streamssl.job.types.KafkaRecord;
import dev.streamssl.learner.export.ExportedEncoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A bounded job that re-embeds the history of the images topic with one frozen model: it reads the
 * topic from the beginning or from a timestamp up to the offsets it had when the job started,
 * decodes as the main job does (bad records are skipped: the main job has dead-lettered them
 * already), embeds with {@link FrozenEmbedder} and writes to its own topic with Kafka transactions,
 * so that every image appears there exactly once, all with the chosen version.
 */
public final class ReembedJob {
    private ReembedJob() {}

    /**
     * Entry point on a Flink cluster ({@code flink run -c dev.streamssl.job.reembed.ReembedJob
     * JOB.jar --config job.yaml --model DIR --to-topic T [--from-timestamp T] [--parallelism N]},
     * or the REST API with that entry class): the main job's configuration gives Kafka and the
     * checkpoint storage; {@code --model} is an exported model directory on any file system the
     * cluster reaches (S3, HDFS, a shared path), whose {@code model.json} gives the input shape and
     * normalisation.
     */
    public static void main(String[] args) throws Exception {
        List<String> jobArgs = new ArrayList<>();
        String model = null;
        String target = null;
        long from = -1;
        int parallelism = 1;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            boolean hasValue = i + 1 < args.length;
            switch (a) {
                case "--model" -> model = hasValue ? args[++i] : null;
                case "--to-topic" -> target = hasValue ? args[++i] : null;
                case "--from-timestamp" -> from = hasValue ? timestamp(args[++i]) : -1;
                case "--from-beginning" -> from = -1;
                case "--parallelism" -> parallelism = hasValue ? Integer.parseInt(args[++i]) : 1;
                default -> jobArgs.add(a);
            }
        }
        if (model == null || target == null) {
            throw new IllegalArgumentException(
                    "usage: --config FILE --model DIR --to-topic TOPIC [--from-timestamp T]"
                            + " [--parallelism N] [key=value ...]");
        }
        java.nio.file.Path local = ModelDirectory.local(model);
        JobSettings settings =
                withModelInput(
                        JobArguments.parse(jobArgs.toArray(new String[0])),
                        ExportedEncoder.descriptor(local));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        StreamSslJob.flinkConfiguration(settings));
        attach(env, settings, model, target, from, parallelism);
        env.execute("streamssl-reembed " + target);
    }

    /** Epoch milliseconds from ISO-8601 ({@code 2026-11-28T10:00:00Z}) or epoch ms. */
    public static long timestamp(String value) {
        try {
            return value.matches("\\d+")
                    ? Long.parseLong(value)
                    : java.time.Instant.parse(value).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "--from-timestamp: '" + value + "' is neither ISO-8601 nor epoch ms");
        }
    }

    /**
     * The job's settings with the input shape and normalisation of an exported model: the images
     * are decoded and normalised for that model, whatever the configuration says.
     */
    public static JobSettings withModelInput(JobSettings base, ExportedEncoder.Descriptor d) {
        Map<String, String> input = new LinkedHashMap<>();
        input.put("input.image-size", String.valueOf(d.inputSize()));
        input.put("input.channels", String.valueOf(d.channels()));
        input.put("input.mean", join(d.mean()));
        input.put("input.std", join(d.std()));
        Configuration c = new Configuration(base.configuration());
        c.addAll(ConfigLoader.fromMap(input));
        return JobSettings.from(c);
    }

    private static String join(float[] values) {
        StringBuilder s = new StringBuilder();
        for (float v : values) {
            s.append(s.length() == 0 ? "" : ";").append(v);
        }
        return s.toString();
    }

    /**
     * @param settings connection, topics, transactional id prefix, input shape (from the model)
     * @param fromTimestampMs where to start; negative: the beginning of the topic
     */
    public static void attach(
            StreamExecutionEnvironment env,
            JobSettings settings,
            String modelDir,
            String targetTopic,
            long fromTimestampMs,
            int parallelism) {
        env.enableCheckpointing(2000);
        KafkaSource<KafkaRecord> source =
                KafkaSource.<KafkaRecord>builder()
                        .setBootstrapServers(settings.get(KafkaOptions.BOOTSTRAP_SERVERS))
                        .setTopics(settings.get(KafkaOptions.IMAGES_TOPIC))
                        .setGroupId(settings.get(KafkaOptions.GROUP_ID) + "-reembed")
                        .setStartingOffsets(
                                fromTimestampMs < 0
                                        ? OffsetsInitializer.earliest()
                                        : OffsetsInitializer.timestamp(fromTimestampMs))
                        .setBounded(OffsetsInitializer.latest())
                        .setDeserializer(new RawRecordDeserializer())
                        .setProperties(KafkaConnectors.clientProperties(settings))
                        .build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "images-history")
                .setParallelism(parallelism)
                .process(
                        DecodeFunction.of(
                                settings,
                                settings.get(dev.streamssl.job.config.InputOptions.IMAGE_SIZE),
                                FaultInjection.none()))
                .name("decode")
                .setParallelism(parallelism)
                .transform(
                        "frozen-embedder",
                        TypeInformation.of(EncodedRecord.class),
                        new FrozenEmbedder(modelDir, 128, settings.wireFormat(), targetTopic))
                .setParallelism(parallelism)
                .sinkTo(KafkaConnectors.sink(settings, targetTopic, "reembed-" + targetTopic))
                .name("reembedded-sink")
                .setParallelism(parallelism);
    }
}
