package dev.streamssl.producers.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reads Debian's dataset-fashion-mnist package (CI installs it). */
class FashionMnistTest {

    @Test
    void readsBothSplitsWithBalancedClasses() throws Exception {
        FashionMnist train = FashionMnist.load(FashionMnist.DEFAULT_DIR, "train");
        FashionMnist test = FashionMnist.load(FashionMnist.DEFAULT_DIR, "test");
        assertThat(train.size()).isEqualTo(60_000);
        assertThat(test.size()).isEqualTo(10_000);
        int[] counts = new int[10];
        for (int i = 0; i < train.size(); i++) {
            counts[train.label(i)]++;
        }
        assertThat(counts).containsOnly(6000);
        assertThat(train.pixels(0)).hasSize(784);
        LabeledImage first = train.iterator().next();
        assertThat(first.id()).isEqualTo("fmnist-train-0");
        assertThat(first.width()).isEqualTo(28);
    }

    @Test
    void saysHowToInstallWhenMissing() {
        assertThatThrownBy(() -> FashionMnist.load(Path.of("/nonexistent"), "train"))
                .hasMessageContaining("apt-get install -y dataset-fashion-mnist");
    }

    @Test
    void syntheticImagesAreReproducibleAndLabelledByIndex() {
        SyntheticImages a = new SyntheticImages(20, 5, "s-");
        SyntheticImages b = new SyntheticImages(20, 5, "s-");
        var ia = a.iterator();
        var ib = b.iterator();
        for (int i = 0; i < 20; i++) {
            LabeledImage x = ia.next();
            LabeledImage y = ib.next();
            assertThat(x.data()).isEqualTo(y.data());
            assertThat(x.label()).isEqualTo(i % 10);
        }
    }
}
