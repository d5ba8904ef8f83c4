package dev.streamssl.job.learn;

import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.config.LearnerOptions;
import dev.streamssl.job.types.ModelSnapshot;
import dev.streamssl.learner.export.ExportedEncoder;
import dev.streamssl.learner.method.LearnerSettings;
import dev.streamssl.learner.state.NamedTensorsSerializer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.flink.core.fs.FileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every {@code learner.export.every-versions}-th published model version as an {@link
 * ExportedEncoder} directory {@code <method>-v<version>/} under {@code learner.export.dir}, on any
 * file system Flink reaches (local, S3, HDFS): written locally by DJL, then copied. A failed export
 * is logged and counted, never fails the job (training and embedding do not depend on it). After a
 * restore the same version is written again with the same content.
 */
final class ModelExporter {
    private static final Logger LOG = LoggerFactory.getLogger(ModelExporter.class);

    private final String dir;
    private final int every;
    private final LearnerSettings learner;
    private final JobSettings settings;
    private long failures;

    ModelExporter(JobSettings settings, LearnerSettings learner) {
        this.dir = settings.get(LearnerOptions.EXPORT_DIR);
        this.every = settings.get(LearnerOptions.EXPORT_EVERY_VERSIONS);
        this.learner = learner;
        this.settings = settings;
    }

    long failures() {
        return failures;
    }

    /** Exports the snapshot if its version is due. */
    void published(ModelSnapshot snapshot) {
        if (dir == null || snapshot.version == 0 || snapshot.version % every != 0) {
            return;
        }
        org.apache.flink.core.fs.Path target =
                new org.apache.flink.core.fs.Path(dir, snapshot.method + "-v" + snapshot.version);
        Path local = null;
        try {
            local = Files.createTempDirectory("streamssl-export");
            ExportedEncoder.write(
                    new NamedTensorsSerializer().deserialize(snapshot.format, snapshot.weights),
                    descriptor(snapshot),
                    local);
            FileSystem fs = target.getFileSystem();
            fs.mkdirs(target);
            try (Stream<Path> files = Files.list(local)) {
                for (Path file : files.toList()) {
                    org.apache.flink.core.fs.Path to =
                            new org.apache.flink.core.fs.Path(
                                    target, file.getFileName().toString());
                    try (InputStream in = Files.newInputStream(file);
                            OutputStream out = fs.create(to, FileSystem.WriteMode.OVERWRITE)) {
                        in.transferTo(out);
                    }
                }
            }
            LOG.info("exported model version {} to {}", snapshot.version, target);
        } catch (IOException | RuntimeException e) {
            failures++;
            LOG.warn(
                    "could not export model version {} to {} (the job goes on): {}",
                    snapshot.version,
                    target,
                    e.toString());
        } finally {
            deleteQuietly(local);
        }
    }

    private ExportedEncoder.Descriptor descriptor(ModelSnapshot snapshot) {
        return new ExportedEncoder.Descriptor(
                snapshot.method,
                learner.architecture().configName(),
                learner.architecture().vit(),
                snapshot.version,
                learner.imageSize(),
                learner.channels(),
                settings.mean(),
                settings.std(),
                learner.architecture().featureDim());
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
