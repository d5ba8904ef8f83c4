package dev.streamssl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoCommandTest {
    @Test
    void theBudgetScheduleReplacesAFilesScheduleAndTheUsersOptionsWin() {
        Map<String, String> file =
                Map.of(
                        "optimizer.horizon-steps", "5000",
                        "optimizer.warmup-steps", "50",
                        "learner.batch-size", "128");
        Map<String, String> out = DemoCommand.withBudgetSchedule(file, Map.of(), 12_800, 0);
        // 12 800 images in batches of 128: 100 steps, a tenth of them warm-up
        assertThat(out)
                .containsEntry("optimizer.schedule", "cosine")
                .containsEntry("optimizer.horizon-steps", "100")
                .containsEntry("optimizer.warmup-steps", "10")
                .containsEntry("learner.batch-size", "128");
        Map<String, String> user =
                DemoCommand.withBudgetSchedule(
                        file,
                        Map.of("optimizer.warmup-steps", "3", "learner.batch-size", "64"),
                        12_800,
                        0);
        assertThat(user)
                .containsEntry("optimizer.warmup-steps", "3")
                .containsEntry("optimizer.horizon-steps", "200");
    }

    @Test
    void aTimeBudgetEstimatesFewerImagesPerSecondForLargerInput() {
        long grey =
                Long.parseLong(
                        DemoCommand.withBudgetSchedule(Map.of(), Map.of(), 0, 600)
                                .get("optimizer.horizon-steps"));
        long rgb =
                Long.parseLong(
                        DemoCommand.withBudgetSchedule(
                                        Map.of("input.image-size", "64", "input.channels", "3"),
                                        Map.of(),
                                        0,
                                        600)
                                .get("optimizer.horizon-steps"));
        // 500 images/s at 28 grey; (64²·1.5 / 28²)^1.5 ≈ 21.9 times fewer at 64 RGB
        assertThat(grey).isEqualTo(600 * 500 / 256);
        assertThat(rgb).isEqualTo((long) (600 * 500 / Math.pow(64 * 64 * 1.5 / 784, 1.5)) / 256);
    }

    @Test
    void theHelpListsEveryRegisteredMethod() {
        String help = new picocli.CommandLine(new DemoCommand()).getUsageMessage();
        for (String m : dev.streamssl.learner.method.Methods.names()) {
            assertThat(help).as("demo --help names " + m).contains(m);
        }
        assertThat(help).contains("nnclr").contains("swav");
    }
}
