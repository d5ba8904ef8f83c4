package dev.streamssl.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.cli.Console;
import dev.streamssl.cli.StreamsslCli;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code bench continual} on a tiny synthetic stream, as a user runs it. */
class ContinualCommandTest {
    @RegisterExtension final Console console = new Console();

    private static final String[] TINY = {
        "--dataset",
        "synthetic",
        "--bank-size",
        "1000",
        "--test-size",
        "500",
        "--drift-window",
        "64",
        "--drift-reference",
        "256",
        "learner.batch-size=64"
    };

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of("bench", "continual"));
        all.addAll(List.of(args));
        all.addAll(List.of(TINY));
        return StreamsslCli.execute(all.toArray(new String[0]));
    }

    @Test
    void aClassShiftIsScoredPerPartBesideTheJointRunAndItsDriftIsDetected() {
        assertThat(
                        run(
                                "--scenario",
                                "class-shift",
                                "--images",
                                "2048",
                                "--eval-every",
                                "1024",
                                "--drift-every",
                                "256",
                                "--joint"))
                .as(console.err())
                .isZero();
        String printed = console.out();
        assertThat(printed)
                .contains("phase first from image 0: classes [0, 1, 2, 3, 4], seen original")
                .contains("phase new from image 1024: classes [5, 6, 7, 8, 9], seen original")
                .contains("scenario class-shift (joint): 2048 images")
                .containsPattern("(?m)^first +old +0\\.\\d{4}")
                .containsPattern("(?m)^new +new +0\\.\\d{4}")
                .containsPattern("(?m)^  joint +0\\.\\d{4}")
                .contains("forgetting (old parts, best - final): ")
                .contains("drift: 0 false alarms in 3 checks before the stream changed");
        Matcher detected =
                Pattern.compile("drift: change at image 1024 detected (\\d+) images after it")
                        .matcher(printed);
        assertThat(detected.find()).as(printed).isTrue();
        assertThat(Integer.parseInt(detected.group(1))).isLessThanOrEqualTo(512);
    }

    @Test
    void pretrainingExportsAModelAndTheScenarioStartsFromExactlyThatModel() {
        assertThat(
                        run(
                                "--scenario",
                                "same",
                                "--pretrain",
                                "512",
                                "--images",
                                "512",
                                "--eval-every",
                                "512",
                                "--drift-every",
                                "0"))
                .as(console.err())
                .isZero();
        String printed = console.out();
        assertThat(printed).contains("exported the pretrained encoder to ");
        // the pretraining's last point and the continuing run's first: the same encoder, through
        // the export and learner.init-from, scores the same kNN
        Matcher pre = Pattern.compile("images=512 step=8 .*knn_all=([0-9.]+)").matcher(printed);
        Matcher start = Pattern.compile("images=0 step=0 knn_all=([0-9.]+)").matcher(printed);
        assertThat(pre.find()).as(printed).isTrue();
        assertThat(start.find()).as(printed).isTrue();
        assertThat(start.group(1)).isEqualTo(pre.group(1));
        assertThat(printed).containsPattern("(?m)^all +all +" + Pattern.quote(pre.group(1)));
    }

    @Test
    void badArgumentsAreNamed() {
        assertThat(run("--scenario", "seasons")).isEqualTo(2);
        assertThat(console.err())
                .contains("scenario 'seasons' is not known; known: same, class-incremental");
        assertThat(run("--scenario", "same", "--pretrain", "64", "learner.init-from=/x"))
                .isEqualTo(2);
        assertThat(console.err()).contains("give --pretrain or learner.init-from=..., not both");
    }
}
