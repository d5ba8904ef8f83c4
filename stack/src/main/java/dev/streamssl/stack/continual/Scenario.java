package dev.streamssl.stack.continual;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A continual-learning scenario: the stream as a sequence of {@link Phase}s and the {@link Part}s
 * of the test data scored at every evaluation. {@link #joint()} is its upper bound: the same number
 * of images with every phase's classes and domains mixed from the start, as an offline learner with
 * all the data shuffled would see them.
 */
public record Scenario(String name, List<Phase> phases, List<Part> parts) {
    public Scenario {
        if (phases.isEmpty() || parts.isEmpty()) {
            throw new IllegalArgumentException("scenario " + name + " needs phases and parts");
        }
        phases = List.copyOf(phases);
        parts = List.copyOf(parts);
    }

    /** Training images over all phases. */
    public long images() {
        return phases.stream().mapToLong(Phase::images).sum();
    }

    /** The image counts at which each phase ends. */
    public List<Long> phaseEnds() {
        List<Long> ends = new ArrayList<>();
        long at = 0;
        for (Phase p : phases) {
            at += p.images();
            ends.add(at);
        }
        return ends;
    }

    /** The same images, all phases' classes and domains mixed in one stored-order phase. */
    public Scenario joint() {
        Set<Integer> classes = new LinkedHashSet<>();
        boolean allClasses = false;
        Set<Domain> domains = new LinkedHashSet<>();
        for (Phase p : phases) {
            if (p.classes() == null) {
                allClasses = true;
            } else {
                classes.addAll(p.classes());
            }
            domains.addAll(p.domains());
        }
        Phase mixed =
                new Phase(
                        "joint",
                        images(),
                        allClasses ? null : classes,
                        new ArrayList<>(domains),
                        0);
        return new Scenario(name + " (joint)", List.of(mixed), parts);
    }
}
