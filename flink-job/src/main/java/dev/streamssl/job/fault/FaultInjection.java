package dev.streamssl.job.fault;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Failures on purpose, to prove recovery: {@code job.inject-failure: POINT@N[,POINT@N…]} makes the
 * job throw once when POINT has been passed N times in this JVM (a TaskManager process, or the
 * whole MiniCluster locally). Flink then fails the job over to its last checkpoint, and a job that
 * recovers correctly ends with every embedding written exactly once. A point fires once per
 * process: after the restart the same count is not reached again, so the job runs on.
 *
 * <p>Points: {@code decode} (a record entering a decoder), {@code learner-step} (after a training
 * step changed the model, before its snapshot and metrics leave the learner), {@code
 * learner-snapshot} (the learner's part of a checkpoint: the checkpoint fails), {@code embedder}
 * (an embedding about to be emitted, in the middle of a batch).
 */
public final class FaultInjection implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Where a failure can be injected. */
    public enum Point {
        DECODE,
        LEARNER_STEP,
        LEARNER_SNAPSHOT,
        EMBEDDER;

        public String optionName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** What an injected failure throws: never caught as bad input, always fails the task. */
    public static final class InjectedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFailure(Point point, long count) {
            super(
                    "injected failure at "
                            + point.optionName()
                            + " (pass "
                            + count
                            + ", option job.inject-failure): the job fails over to its last"
                            + " checkpoint");
        }
    }

    private static final Map<Point, AtomicLong> PASSES = new ConcurrentHashMap<>();
    private static final Set<Point> FIRED = ConcurrentHashMap.newKeySet();

    private static final FaultInjection NONE = new FaultInjection(new EnumMap<>(Point.class));

    private final EnumMap<Point, Long> at;

    private FaultInjection(EnumMap<Point, Long> at) {
        this.at = at;
    }

    public static FaultInjection none() {
        return NONE;
    }

    /**
     * Parses {@code POINT@N[,POINT@N…]}; null or blank injects nothing.
     *
     * @throws IllegalArgumentException naming the part that is not {@code POINT@N}
     */
    public static FaultInjection parse(String spec) {
        EnumMap<Point, Long> at = new EnumMap<>(Point.class);
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        for (String part : spec.split(",")) {
            String p = part.trim();
            int sign = p.indexOf('@');
            Point point = sign < 0 ? null : point(p.substring(0, sign));
            long n = sign < 0 ? -1 : count(p.substring(sign + 1));
            if (point == null || n < 1) {
                throw new IllegalArgumentException(
                        "option 'job.inject-failure': '"
                                + p
                                + "' is not POINT@N with POINT one of decode, learner-step,"
                                + " learner-snapshot, embedder and N a count of at least 1");
            }
            at.put(point, n);
        }
        return new FaultInjection(at);
    }

    private static Point point(String name) {
        for (Point p : Point.values()) {
            if (p.optionName().equals(name.trim())) {
                return p;
            }
        }
        return null;
    }

    private static long count(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Counts one pass of {@code point}; throws {@link InjectedFailure} on the pass the option
     * names, once per process.
     */
    public void pass(Point point) {
        Long target = at.get(point);
        if (target == null || FIRED.contains(point)) {
            return;
        }
        long n = PASSES.computeIfAbsent(point, p -> new AtomicLong()).incrementAndGet();
        if (n >= target && FIRED.add(point)) {
            throw new InjectedFailure(point, n);
        }
    }

    /** Whether {@code point} has fired in this process. */
    public static boolean fired(Point point) {
        return FIRED.contains(point);
    }

    /** Forgets counts and fired points, so that a test can inject again in the same JVM. */
    public static void reset() {
        PASSES.clear();
        FIRED.clear();
    }
}
