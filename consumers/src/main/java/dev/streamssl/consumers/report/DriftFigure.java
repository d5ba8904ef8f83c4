package dev.streamssl.consumers.report;

import dev.streamssl.schemas.DriftReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The learner's drift checks over training steps: per method the MMD² of the latest images against
 * the reference and the alarm threshold beside it; the caption says where the alarm fired. A point
 * above its threshold is an alarm, after which the reference starts again.
 */
final class DriftFigure {
    private DriftFigure() {}

    /**
     * @param drift the checks, sorted by step; at least one
     */
    static RunReport.Figure of(List<DriftReport> drift) throws IOException {
        Map<String, List<double[]>> lines = new TreeMap<>();
        StringBuilder alarms = new StringBuilder();
        for (DriftReport r : drift) {
            lines.computeIfAbsent(r.getMethod() + " · MMD²", s -> new ArrayList<>())
                    .add(new double[] {r.getStep(), r.getStatistic()});
            lines.computeIfAbsent(r.getMethod() + " · threshold", s -> new ArrayList<>())
                    .add(new double[] {r.getStep(), r.getThreshold()});
            if (r.getDrifted()) {
                alarms.append(
                        String.format(
                                " %s at step %d (image %d)%s.",
                                r.getMethod(),
                                r.getStep(),
                                r.getImages(),
                                r.getAnchorRefreshed() ? ", anchor refreshed" : ""));
            }
        }
        List<Charts.Series> series = new ArrayList<>();
        lines.forEach((name, points) -> series.add(new Charts.Series(name, points)));
        DriftReport last = drift.get(drift.size() - 1);
        return new RunReport.Figure(
                "drift",
                "Drift of the stream",
                String.format(
                        "The learner's checks: the latest %d images against a reference of %d,"
                                + " both embedded by the model of that step, and the threshold"
                                + " calibrated for %s false alarms per check. %s",
                        last.getWindow(),
                        last.getReferenceSize(),
                        last.getFalseAlarmRate(),
                        alarms.length() == 0 ? "No alarm." : "Alarms:" + alarms),
                Charts.lines("Drift of the stream", "training step", "MMD²", series));
    }
}
