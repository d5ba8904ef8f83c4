package dev.streamssl.stack.continual;

import dev.streamssl.stack.LearningCurve.Point;
import dev.streamssl.stack.continual.Part.Role;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What a continual run did to each part of the test data, from its learning curve: kNN at the
 * start, its best, its lowest, at the end; forgetting (best − final, the class-incremental
 * literature's measure, averaged over the old parts), plasticity (final − value when the last phase
 * began, averaged over the new parts), the largest drop below the start (the warm-start scenario's
 * measure) and the average final accuracy over the old and new parts.
 */
public record ContinualSummary(
        List<PartSummary> parts, double forgetting, double plasticity, double averageAccuracy) {

    /** One part over the run. */
    public record PartSummary(
            String name,
            Role role,
            double start,
            double atLastPhase,
            double best,
            double lowest,
            double end) {
        public double forgetting() {
            return best - end;
        }

        public double dropBelowStart() {
            return start - lowest;
        }
    }

    /**
     * @param curve the run's points, the first at the start of the run
     * @param lastPhaseStart the image count at which the last phase began
     */
    public static ContinualSummary of(Scenario scenario, List<Point> curve, long lastPhaseStart) {
        List<PartSummary> parts = new ArrayList<>();
        for (Part part : scenario.parts()) {
            double best = Double.NEGATIVE_INFINITY;
            double lowest = Double.POSITIVE_INFINITY;
            double atLastPhase = Double.NaN;
            for (Point p : curve) {
                double v = p.knn().get(part.name());
                best = Math.max(best, v);
                lowest = Math.min(lowest, v);
                if (p.images() <= lastPhaseStart) {
                    atLastPhase = v;
                }
            }
            parts.add(
                    new PartSummary(
                            part.name(),
                            part.role(),
                            curve.get(0).knn().get(part.name()),
                            atLastPhase,
                            best,
                            lowest,
                            curve.get(curve.size() - 1).knn().get(part.name())));
        }
        return new ContinualSummary(
                parts,
                mean(parts, Role.OLD, PartSummary::forgetting),
                mean(parts, Role.NEW, s -> s.end() - s.atLastPhase()),
                averageFinal(parts));
    }

    /** Prints the table and the three measures, each beside the joint run's when given. */
    public void print(PrintStream out, ContinualSummary joint) {
        out.printf(
                "%-12s %-4s %7s %7s %7s %7s %10s %10s%n",
                "part", "role", "start", "best", "lowest", "final", "forgetting", "below start");
        for (PartSummary s : parts) {
            out.printf(
                    "%-12s %-4s %7.4f %7.4f %7.4f %7.4f %10.4f %10.4f%n",
                    s.name(),
                    s.role().name().toLowerCase(java.util.Locale.ROOT),
                    s.start(),
                    s.best(),
                    s.lowest(),
                    s.end(),
                    s.forgetting(),
                    s.dropBelowStart());
            if (joint != null) {
                PartSummary j =
                        joint.parts().stream()
                                .filter(p -> p.name().equals(s.name()))
                                .findFirst()
                                .orElseThrow();
                out.printf(
                        "%-12s %-4s %7.4f %7.4f %7.4f %7.4f %10.4f %10.4f%n",
                        "  joint",
                        "",
                        j.start(),
                        j.best(),
                        j.lowest(),
                        j.end(),
                        j.forgetting(),
                        j.dropBelowStart());
            }
        }
        line(
                out,
                "forgetting (old parts, best - final)",
                forgetting,
                joint == null ? Double.NaN : joint.forgetting());
        line(
                out,
                "plasticity (new parts, gain in the last phase)",
                plasticity,
                joint == null ? Double.NaN : joint.plasticity());
        line(
                out,
                "average final accuracy (old and new parts)",
                averageAccuracy,
                joint == null ? Double.NaN : joint.averageAccuracy());
    }

    private static void line(PrintStream out, String what, double value, double joint) {
        if (Double.isNaN(value)) {
            return;
        }
        out.printf(
                "%s: %.4f%s%n",
                what, value, Double.isNaN(joint) ? "" : String.format(" (joint %.4f)", joint));
    }

    private static double mean(
            List<PartSummary> parts,
            Role role,
            java.util.function.ToDoubleFunction<PartSummary> f) {
        return parts.stream()
                .filter(p -> p.role() == role)
                .mapToDouble(f)
                .average()
                .orElse(Double.NaN);
    }

    private static double averageFinal(List<PartSummary> parts) {
        return parts.stream()
                .filter(p -> p.role() != Role.ALL)
                .mapToDouble(PartSummary::end)
                .average()
                .orElse(Double.NaN);
    }
}
