package dev.streamssl.learner.model;

/**
 * Keeps DJL from opening connections in a JVM we do not start ourselves (a TaskManager of a user's
 * cluster): DJL downloads engines and calls home unless {@code ai.djl.offline} or {@code
 * OPT_OUT_TRACKING} is set, and it reads both as environment variables or system properties. The
 * operators call {@link #enforce()} before their first DJL call; a value the cluster already sets
 * is left as it is.
 */
public final class DjlOffline {
    static final String OFFLINE = "ai.djl.offline";
    static final String TRACKING = "OPT_OUT_TRACKING";

    private DjlOffline() {}

    public static void enforce() {
        if (System.getProperty(OFFLINE) == null && System.getenv(OFFLINE) == null) {
            System.setProperty(OFFLINE, "true");
        }
        if (System.getProperty(TRACKING) == null && System.getenv(TRACKING) == null) {
            System.setProperty(TRACKING, "true");
        }
    }
}
