package dev.streamssl.schemas;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A registry's answers that it holds no usable Avro schema under an id (no such id, another schema
 * type, an unreadable schema), remembered for {@code ttl} so that a stream of records carrying the
 * same bad id costs one request per {@code ttl} instead of one per record. Only for a while,
 * because an id unknown now may be known a moment later (a producer registers its schema, then
 * writes; a registry replica may lag the leader), and an id's schema never changes once it is
 * known. At most {@value #CAPACITY} ids are remembered, the oldest forgotten first: framed garbage
 * carries random ids, and memory must not grow with them. Confluent's client keeps the same cache
 * ({@code missing.id.cache.ttl.sec}, {@code missing.cache.size}).
 */
final class MissingSchemaCache {
    static final int CAPACITY = 10_000;

    private record Miss(DeadLetterReason reason, String message, long expiresAtNanos) {}

    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Map<Integer, Miss> misses =
            new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Integer, Miss> eldest) {
                    return size() > CAPACITY;
                }
            };

    /**
     * @param ttl how long an answer is remembered; zero remembers nothing
     * @param nanoTime a monotonic clock ({@link System#nanoTime} outside tests)
     */
    MissingSchemaCache(Duration ttl, LongSupplier nanoTime) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("the missing-schema cache time is negative: " + ttl);
        }
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Remembers that the registry answered {@code miss} for the id. */
    synchronized void remember(int id, WireFormatException miss) {
        if (ttlNanos == 0) {
            return;
        }
        // removed first so that a renewed entry moves to the young end of the eviction order
        misses.remove(id);
        misses.put(id, new Miss(miss.reason(), miss.getMessage(), nanoTime.getAsLong() + ttlNanos));
    }

    /** Throws the registry's remembered answer for the id again, if it is recent enough. */
    synchronized void rethrowIfRemembered(int id) throws WireFormatException {
        Miss miss = misses.get(id);
        if (miss == null) {
            return;
        }
        // a difference, not a comparison of the two values: nanoTime may wrap around
        if (nanoTime.getAsLong() - miss.expiresAtNanos() >= 0) {
            misses.remove(id);
            return;
        }
        throw new WireFormatException(miss.reason(), miss.message(), null);
    }
}
