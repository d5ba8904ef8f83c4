package dev.streamssl.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoDataTest {
    /**
     * The test split of a photo folder is CRC-32 of the id modulo 100 below 20, so that a user can
     * reproduce it; the remainders here were computed with Python's {@code zlib.crc32}.
     */
    @Test
    void splitsPhotosByTheCrc32OfTheirIdAsPythonComputesIt() {
        assertThat(DemoData.inTestSplit("a")).isTrue(); // 7
        assertThat(DemoData.inTestSplit("x/002.jpg")).isTrue(); // 10
        assertThat(DemoData.inTestSplit("sneaker/00001.png")).isFalse(); // 46
        assertThat(DemoData.inTestSplit("bag/IMG_0042.jpg")).isFalse(); // 52
        assertThat(DemoData.inTestSplit("dress/00010.png")).isFalse(); // 33
    }
}
