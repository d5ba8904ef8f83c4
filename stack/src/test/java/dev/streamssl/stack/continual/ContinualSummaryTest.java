package dev.streamssl.stack.continual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamssl.stack.LearningCurve.Point;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContinualSummaryTest {
    private static Point point(long images, double first, double fresh, double all) {
        return new Point(
                images,
                images / 10,
                1,
                0.1,
                Map.of("first", first, "new", fresh, "all", all),
                Map.of());
    }

    @Test
    void forgettingIsBestMinusFinalOnTheOldPartAndPlasticityTheNewPartsGainAfterTheShift() {
        Scenario shift =
                Scenarios.shift("shift", 400, Set.of(0, 1, 2, 3, 4), Set.of(5, 6, 7, 8, 9), 200);
        List<Point> curve =
                List.of(
                        point(0, 0.50, 0.40, 0.45),
                        point(100, 0.70, 0.45, 0.55),
                        point(200, 0.80, 0.50, 0.60), // the shift: old part at its best
                        point(300, 0.72, 0.62, 0.66),
                        point(400, 0.65, 0.70, 0.68));
        ContinualSummary s = ContinualSummary.of(shift, curve, 200);
        ContinualSummary.PartSummary first = s.parts().get(0);
        assertThat(first.start()).isEqualTo(0.50);
        assertThat(first.best()).isEqualTo(0.80);
        assertThat(first.lowest()).isEqualTo(0.50);
        assertThat(first.end()).isEqualTo(0.65);
        assertThat(s.forgetting()).isCloseTo(0.15, within(1e-12));
        // the new part went from 0.50 at the shift to 0.70
        assertThat(s.plasticity()).isCloseTo(0.20, within(1e-12));
        // mean final of old and new parts, not of "all"
        assertThat(s.averageAccuracy()).isCloseTo(0.675, within(1e-12));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.print(new PrintStream(out, true, StandardCharsets.UTF_8), s);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("forgetting (old parts, best - final): 0.1500 (joint 0.1500)")
                .contains("plasticity (new parts, gain in the last phase): 0.2000");
    }

    @Test
    void aWarmStartIsJudgedByItsLargestDropBelowTheStart() {
        Scenario same = Scenarios.named("same", 300, 0);
        List<Point> curve =
                List.of(
                        new Point(0, 0, 1, 0.1, Map.of("all", 0.82), Map.of()),
                        new Point(100, 10, 1, 0.1, Map.of("all", 0.805), Map.of()),
                        new Point(300, 30, 1, 0.1, Map.of("all", 0.83), Map.of()));
        ContinualSummary.PartSummary all = ContinualSummary.of(same, curve, 0).parts().get(0);
        assertThat(all.dropBelowStart()).isCloseTo(0.015, within(1e-12));
        assertThat(all.end()).isEqualTo(0.83);
    }
}
