package dev.streamssl.schemas;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The bounds of the registry client's memory of ids without a usable schema. */
class MissingSchemaCacheTest {
    private final AtomicLong nanoTime = new AtomicLong(Long.MAX_VALUE - 5); // wraps around below

    private static WireFormatException miss(int id) {
        return new WireFormatException(
                DeadLetterReason.UNKNOWN_SCHEMA,
                "schema id " + id + " is not in the registry",
                null);
    }

    @Test
    void holdsAtMostItsCapacityForgettingTheOldestFirst() {
        MissingSchemaCache cache = new MissingSchemaCache(Duration.ofMinutes(1), nanoTime::get);
        for (int id = 0; id <= MissingSchemaCache.CAPACITY; id++) {
            cache.remember(id, miss(id));
        }
        assertThatCode(() -> cache.rethrowIfRemembered(0)).doesNotThrowAnyException();
        assertThatThrownBy(() -> cache.rethrowIfRemembered(1))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("schema id 1 is not in the registry");
        assertThatThrownBy(() -> cache.rethrowIfRemembered(MissingSchemaCache.CAPACITY))
                .isInstanceOf(WireFormatException.class);
    }

    @Test
    void forgetsAnAnswerAfterItsTimeAcrossTheClocksWrapAround() {
        MissingSchemaCache cache = new MissingSchemaCache(Duration.ofSeconds(10), nanoTime::get);
        cache.remember(7, miss(7));
        // the expiry time has wrapped around to a negative number, the clock has not yet
        assertThatThrownBy(() -> cache.rethrowIfRemembered(7))
                .isInstanceOf(WireFormatException.class);
        nanoTime.addAndGet(Duration.ofSeconds(9).toNanos()); // past Long.MAX_VALUE
        assertThatThrownBy(() -> cache.rethrowIfRemembered(7))
                .isInstanceOf(WireFormatException.class);
        nanoTime.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThatCode(() -> cache.rethrowIfRemembered(7)).doesNotThrowAnyException();
    }

    @Test
    void aNegativeTimeIsRefused() {
        assertThatThrownBy(() -> new MissingSchemaCache(Duration.ofSeconds(-1), nanoTime::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
    }
}
