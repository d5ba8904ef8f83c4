package dev.streamssl.stack.continual;

import dev.streamssl.stack.continual.Part.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The continual-learning scenarios by name, each a function of the total image count and the run
 * length (for the correlated stream). Everything that lists or builds scenarios reads this map.
 *
 * <ul>
 *   <li>{@code same}: one distribution throughout (the warm-start scenario: continuing from a good
 *       model on the data it learnt from must not make it worse);
 *   <li>{@code class-incremental}: CaSSLe's protocol, five tasks of two classes each (0–1, 2–3, …),
 *       seen in order, no task labels given to the learner;
 *   <li>{@code class-shift}: classes 0–4, then 5–9;
 *   <li>{@code domain-shift}: all classes, then the same classes through the {@link
 *       Domain#NEW_CAMERA new camera};
 *   <li>{@code correlated}: all classes, in runs of one class at a time (MinRed's setting).
 * </ul>
 */
public final class Scenarios {
    private static final Map<String, BiFunction<Long, Integer, Scenario>> SCENARIOS =
            new LinkedHashMap<>();

    static {
        SCENARIOS.put(
                "same",
                (n, run) ->
                        new Scenario(
                                "same",
                                List.of(Phase.of("same", n, null)),
                                List.of(all(Domain.ORIGINAL))));
        SCENARIOS.put("class-incremental", (n, run) -> classIncremental(n, 5));
        SCENARIOS.put(
                "class-shift",
                (n, run) ->
                        shift(
                                "class-shift",
                                n,
                                Set.of(0, 1, 2, 3, 4),
                                Set.of(5, 6, 7, 8, 9),
                                n / 2));
        SCENARIOS.put(
                "domain-shift",
                (n, run) ->
                        new Scenario(
                                "domain-shift",
                                List.of(
                                        Phase.of("original", n / 2, null),
                                        new Phase(
                                                "new-camera",
                                                n - n / 2,
                                                null,
                                                List.of(Domain.NEW_CAMERA),
                                                0)),
                                List.of(
                                        new Part("old-domain", null, Domain.ORIGINAL, Role.OLD),
                                        new Part(
                                                "new-domain", null, Domain.NEW_CAMERA, Role.NEW))));
        SCENARIOS.put(
                "correlated",
                (n, run) ->
                        new Scenario(
                                "correlated",
                                List.of(
                                        new Phase(
                                                "runs of " + run,
                                                n,
                                                null,
                                                List.of(Domain.ORIGINAL),
                                                run)),
                                List.of(all(Domain.ORIGINAL))));
    }

    private Scenarios() {}

    public static Set<String> names() {
        return SCENARIOS.keySet();
    }

    /**
     * The scenario {@code name} over {@code images} training images.
     *
     * @param runLength images per run of one class ({@code correlated} only)
     */
    public static Scenario named(String name, long images, int runLength) {
        BiFunction<Long, Integer, Scenario> f = SCENARIOS.get(name);
        if (f == null) {
            throw new IllegalArgumentException(
                    "scenario '" + name + "' is not known; known: " + String.join(", ", names()));
        }
        return f.apply(images, runLength);
    }

    /**
     * {@code first} until image {@code shiftAt}, then {@code then}; scored on each class set. With
     * null classes: one phase of all classes scored on all.
     */
    public static Scenario shift(
            String name, long images, Set<Integer> first, Set<Integer> then, long shiftAt) {
        if (first == null) {
            return new Scenario(
                    name, List.of(Phase.of("all", images, null)), List.of(all(Domain.ORIGINAL)));
        }
        return new Scenario(
                name,
                List.of(Phase.of("first", shiftAt, first), Phase.of("new", images - shiftAt, then)),
                List.of(
                        new Part("first", first, Domain.ORIGINAL, Role.OLD),
                        new Part("new", then, Domain.ORIGINAL, Role.NEW),
                        all(Domain.ORIGINAL)));
    }

    /** {@code tasks} tasks of 10/tasks consecutive classes, equal shares of the images. */
    static Scenario classIncremental(long images, int tasks) {
        List<Phase> phases = new ArrayList<>();
        List<Part> parts = new ArrayList<>();
        int perTask = 10 / tasks;
        for (int t = 0; t < tasks; t++) {
            Set<Integer> classes = new java.util.TreeSet<>();
            for (int c = t * perTask; c < (t + 1) * perTask; c++) {
                classes.add(c);
            }
            long share = t < tasks - 1 ? images / tasks : images - (tasks - 1) * (images / tasks);
            String name = "task" + (t + 1);
            phases.add(Phase.of(name, share, classes));
            parts.add(
                    new Part(name, classes, Domain.ORIGINAL, t < tasks - 1 ? Role.OLD : Role.NEW));
        }
        parts.add(all(Domain.ORIGINAL));
        return new Scenario("class-incremental", phases, parts);
    }

    private static Part all(Domain domain) {
        return new Part("all", null, domain, Role.ALL);
    }
}
