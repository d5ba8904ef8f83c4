package dev.streamssl.stack;

import java.util.List;

/**
 * What a demo run found: the counts of its records, kNN top-1 on raw pixels, each method's scores
 * (in the job's order of methods), and its times.
 *
 * @param trainSeconds from the first training image sent to the last learner's final snapshot
 * @param wallSeconds from the start of the run until these results were complete
 */
record DemoResults(
        String dataset,
        long published,
        int embeddingsReceived,
        long deadLetters,
        double pixels,
        List<MethodScores> methods,
        double trainSeconds,
        double wallSeconds) {}
