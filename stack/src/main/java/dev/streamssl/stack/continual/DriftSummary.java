package dev.streamssl.stack.continual;

import dev.streamssl.learner.drift.DriftCheck;
import java.io.PrintStream;
import java.util.List;

/**
 * What the drift checks of a run said about its phases: alarms before the first change of the
 * stream are false alarms (the reference is the stream's beginning), and after each change the
 * images until the first alarm are the detection delay.
 */
public final class DriftSummary {
    private DriftSummary() {}

    /**
     * @param phaseEnds the image counts at which each phase ends ({@link Scenario#phaseEnds()})
     */
    public static void print(
            PrintStream out, List<DriftCheck.Result> checks, List<Long> phaseEnds) {
        if (checks.isEmpty()) {
            return;
        }
        long firstChange = phaseEnds.get(0);
        long before = checks.stream().filter(c -> c.images() <= firstChange).count();
        long falseAlarms =
                checks.stream().filter(c -> c.images() <= firstChange && c.drifted()).count();
        out.printf(
                "drift: %d false alarms in %d checks before the stream changed%n",
                falseAlarms, before);
        for (int p = 0; p + 1 < phaseEnds.size(); p++) {
            long change = phaseEnds.get(p);
            long next = phaseEnds.get(p + 1);
            DriftCheck.Result first =
                    checks.stream()
                            .filter(c -> c.images() > change && c.images() <= next && c.drifted())
                            .findFirst()
                            .orElse(null);
            out.printf(
                    "drift: change at image %d %s%n",
                    change,
                    first == null
                            ? "not detected before the next change"
                            : "detected " + (first.images() - change) + " images after it");
        }
    }
}
