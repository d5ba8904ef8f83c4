package dev.streamssl.stack.continual;

import dev.streamssl.producers.data.ImageSource;
import dev.streamssl.producers.data.LabeledImage;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A scenario's whole training stream as one finite image source: each phase's images in turn, as
 * many as the phase has, each seen through its domain (what the demo publishes to the images topic
 * when it runs a scenario through the job).
 */
final class ScenarioImages implements ImageSource {
    private final Scenario scenario;
    private final ScenarioData data;

    ScenarioImages(Scenario scenario, ScenarioData data) {
        this.scenario = scenario;
        this.data = data;
    }

    @Override
    public int size() {
        return Math.toIntExact(scenario.images());
    }

    @Override
    public Iterator<LabeledImage> iterator() {
        List<Phase> phases = scenario.phases();
        return new Iterator<>() {
            private int phase = -1;
            private long left;
            private Iterator<LabeledImage> current;

            @Override
            public boolean hasNext() {
                while (left == 0 && phase + 1 < phases.size()) {
                    phase++;
                    left = phases.get(phase).images();
                    current = left > 0 ? data.stream(phases.get(phase)) : null;
                }
                return left > 0;
            }

            @Override
            public LabeledImage next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                left--;
                return current.next();
            }
        };
    }

    @Override
    public String describe() {
        return "scenario " + scenario.name();
    }
}
