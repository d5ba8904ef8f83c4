package dev.streamssl.stack;

import java.util.Map;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;

/**
 * Sends a key ending in an even number to partition 0 and an odd one to partition 1: two learners
 * then get the same number of images, each its own half, in a known order.
 */
public final class ParityPartitioner implements Partitioner {
    @Override
    public int partition(
            String topic,
            Object key,
            byte[] keyBytes,
            Object value,
            byte[] valueBytes,
            Cluster cluster) {
        String k = (String) key;
        int digit = k.charAt(k.length() - 1) - '0';
        return digit % 2;
    }

    @Override
    public void close() {}

    @Override
    public void configure(Map<String, ?> configs) {}
}
