package dev.streamssl.stack;

import dev.streamssl.job.StreamSslJob;
import dev.streamssl.job.embed.EmbedderOperator;
import dev.streamssl.job.types.ModelSnapshot;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * The model snapshot a method's embedders held when a savepoint (or retained checkpoint) was taken,
 * read with Flink's State Processor API from the union list state of the operator {@code
 * embedder-<method>}: the newest model version the job had published and was embedding with.
 */
public final class SavepointModel {
    private SavepointModel() {}

    public static ModelSnapshot read(String savepoint, String method) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
        SavepointReader reader = SavepointReader.read(env, savepoint, new HashMapStateBackend());
        ModelSnapshot newest = null;
        try (CloseableIterator<ModelSnapshot> snapshots =
                reader.readUnionState(
                                OperatorIdentifier.forUid(StreamSslJob.embedderUid(method)),
                                EmbedderOperator.SNAPSHOT.getName(),
                                TypeInformation.of(ModelSnapshot.class))
                        .executeAndCollect("streamssl-export-" + method)) {
            while (snapshots.hasNext()) {
                ModelSnapshot s = snapshots.next();
                if (newest == null || s.version > newest.version) {
                    newest = s;
                }
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "could not read the "
                            + method
                            + " model from savepoint "
                            + savepoint
                            + " (does the job train "
                            + method
                            + "? --method names it): "
                            + rootMessage(e),
                    e);
        }
        if (newest == null) {
            throw new IllegalArgumentException(
                    "savepoint "
                            + savepoint
                            + " holds no model snapshot for "
                            + method
                            + " (does the job train "
                            + method
                            + "? --method names it)");
        }
        return newest;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
