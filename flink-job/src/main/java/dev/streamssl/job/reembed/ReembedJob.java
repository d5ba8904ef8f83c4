package dev.streamssl.job.reembed;

import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.config.KafkaOptions;
import dev.streamssl.job.decode.DecodeFunction;
import dev.streamssl.job.fault.FaultInjection;
import dev.streamssl.job.kafka.KafkaConnectors;
import dev.streamssl.job.kafka.RawRecordDeserializer;
import dev.streamssl.job.types.EncodedRecord;
import dev.streamssl.job.types.KafkaRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
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
                .process(DecodeFunction.of(settings, FaultInjection.none()))
                .name("decode")
                .setParallelism(parallelism)
                .transform(
                        "frozen-embedder",
                        TypeInformation.of(EncodedRecord.class),
                        new FrozenEmbedder(modelDir, 128))
                .setParallelism(parallelism)
                .sinkTo(KafkaConnectors.sink(settings, targetTopic, "reembed-" + targetTopic))
                .name("reembedded-sink")
                .setParallelism(parallelism);
    }
}
