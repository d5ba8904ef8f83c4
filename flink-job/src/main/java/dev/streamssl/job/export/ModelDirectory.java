package dev.streamssl.job.export;

import dev.streamssl.job.config.JobSettings;
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
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;

/**
 * An {@link ExportedEncoder} directory ({@code <method>-v<version>/}: DJL parameters and {@code
 * model.json}) on any file system Flink reaches (local, S3, HDFS). DJL reads and writes local
 * directories only, so a model is written in a local temporary directory and copied, and read by
 * copying it to one. Used by the learner's periodic export, {@code streamssl export} and the
 * re-embedding job.
 */
public final class ModelDirectory {
    private ModelDirectory() {}

    /** The directory name of a model version: {@code <method>-v<version>}. */
    public static String name(String method, long version) {
        return method + "-v" + version;
    }

    /**
     * Writes a model snapshot as {@code <parent>/<method>-v<version>/}, replacing what is there.
     * The descriptor's input shape and normalisation come from the job's settings.
     *
     * @return the directory written
     */
    public static org.apache.flink.core.fs.Path write(
            ModelSnapshot snapshot, JobSettings settings, String parent) throws IOException {
        org.apache.flink.core.fs.Path target =
                new org.apache.flink.core.fs.Path(parent, name(snapshot.method, snapshot.version));
        Path local = Files.createTempDirectory("streamssl-export");
        try {
            ExportedEncoder.write(
                    new NamedTensorsSerializer().deserialize(snapshot.format, snapshot.weights),
                    descriptor(snapshot, settings),
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
            return target;
        } finally {
            deleteQuietly(local);
        }
    }

    /**
     * A local copy of a model directory given as a path or URI on any Flink file system (a local
     * path is used as it is), for DJL to load.
     */
    public static Path local(String dir) throws IOException {
        org.apache.flink.core.fs.Path source = new org.apache.flink.core.fs.Path(dir);
        FileSystem fs = source.getFileSystem();
        if (isLocal(dir)) {
            return Path.of(source.toUri().getPath());
        }
        if (!fs.exists(source)) {
            throw new IOException("model directory " + dir + " does not exist");
        }
        Path local = Files.createTempDirectory("streamssl-model");
        for (FileStatus file : fs.listStatus(source)) {
            if (file.isDir()) {
                continue;
            }
            try (InputStream in = fs.open(file.getPath())) {
                Files.copy(in, local.resolve(file.getPath().getName()));
            }
        }
        return local;
    }

    /**
     * Whether a model directory is on this machine's file system ({@link #local} copies others).
     */
    public static boolean isLocal(String dir) throws IOException {
        FileSystem fs = new org.apache.flink.core.fs.Path(dir).getFileSystem();
        return !fs.isDistributedFS() && "file".equals(fs.getUri().getScheme());
    }

    private static ExportedEncoder.Descriptor descriptor(
            ModelSnapshot snapshot, JobSettings settings) {
        LearnerSettings learner = settings.forMethod(snapshot.method).learnerSettings();
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

    /** Deletes a local directory tree, leaving it behind if it cannot. */
    public static void deleteQuietly(Path dir) {
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
