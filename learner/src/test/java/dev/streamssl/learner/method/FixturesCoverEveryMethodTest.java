package dev.streamssl.learner.method;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The parameterised method tests (restore, memory, warm start, replicas) run every registered
 * method: a method added to the registry without a fixture case fails here.
 */
class FixturesCoverEveryMethodTest {

    @Test
    void everyRegisteredMethodHasAFixtureCase() {
        for (String name : Methods.names()) {
            assertThat(Arrays.stream(MethodFixtures.cases()))
                    .as("fixture case for " + name)
                    .anyMatch(c -> c.equals(name) || c.startsWith(name + "-"));
        }
        for (String c : MethodFixtures.cases()) {
            assertThat(MethodFixtures.method(c).methodName()).as(c).isIn(Methods.names());
        }
    }
}
