package dev.streamssl.job.learn;

import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.config.LearnerOptions;
import dev.streamssl.job.export.ModelDirectory;
import dev.streamssl.job.types.ModelSnapshot;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every {@code learner.export.every-versions}-th published model version as an {@code
 * ExportedEncoder} directory {@code <method>-v<version>/} under {@code learner.export.dir}, on any
 * file system Flink reaches (local, S3, HDFS), by {@link ModelDirectory}. A failed export is logged
 * and counted, never fails the job (training and embedding do not depend on it). After a restore
 * the same version is written again with the same content.
 */
final class ModelExporter {
    private static final Logger LOG = LoggerFactory.getLogger(ModelExporter.class);

    private final String dir;
    private final int every;
    private final JobSettings settings;
    private long failures;

    ModelExporter(JobSettings settings) {
        this.dir = settings.get(LearnerOptions.EXPORT_DIR);
        this.every = settings.get(LearnerOptions.EXPORT_EVERY_VERSIONS);
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
        try {
            LOG.info(
                    "exported model version {} to {}",
                    snapshot.version,
                    ModelDirectory.write(snapshot, settings, dir));
        } catch (IOException | RuntimeException e) {
            failures++;
            LOG.warn(
                    "could not export model version {} under {} (the job goes on): {}",
                    snapshot.version,
                    dir,
                    e.toString());
        }
    }
}
