package dev.streamssl.producers.data;

import java.nio.file.Path;
import java.util.Map;

/**
 * A file to publish, before it is read: where it is, its id (the Kafka key: its path relative to
 * the folder or the manifest), its label and its own tags (the class name, a manifest's split and
 * tags).
 */
public record PhotoEntry(Path file, String id, Integer label, Map<String, String> tags) {
    public PhotoEntry {
        tags = Map.copyOf(tags);
    }
}
