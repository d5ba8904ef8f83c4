package dev.streamssl.learner.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DjlOfflineTest {
    private final String offline = System.getProperty(DjlOffline.OFFLINE);
    private final String tracking = System.getProperty(DjlOffline.TRACKING);

    @AfterEach
    void restore() {
        set(DjlOffline.OFFLINE, offline);
        set(DjlOffline.TRACKING, tracking);
    }

    @Test
    void turnsDownloadsAndTelemetryOffWhenTheClusterDidNot() {
        System.clearProperty(DjlOffline.OFFLINE);
        System.clearProperty(DjlOffline.TRACKING);
        DjlOffline.enforce();
        assertThat(System.getProperty(DjlOffline.OFFLINE)).isEqualTo("true");
        if (System.getenv(DjlOffline.TRACKING) == null) {
            assertThat(System.getProperty(DjlOffline.TRACKING)).isEqualTo("true");
        }
    }

    @Test
    void leavesAnExplicitSettingAlone() {
        System.setProperty(DjlOffline.OFFLINE, "false");
        DjlOffline.enforce();
        assertThat(System.getProperty(DjlOffline.OFFLINE)).isEqualTo("false");
    }

    private static void set(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
