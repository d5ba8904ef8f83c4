package dev.streamssl.job.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ThreadNicenessTest {
    @Test
    void raisesOnlyTheCallingThreadAndItsLaterThreads() throws Exception {
        Optional<Integer> start = ThreadNiceness.ofThisThread();
        assumeThat(start).as("per-thread nice values (Linux)").isPresent();
        int target = Math.min(19, start.get() + 5);
        AtomicReference<Optional<Integer>> raised = new AtomicReference<>();
        AtomicReference<Optional<Integer>> child = new AtomicReference<>();
        Thread embedder =
                new Thread(
                        () -> {
                            raised.set(ThreadNiceness.raiseThisThreadTo(target));
                            Thread team =
                                    new Thread(() -> child.set(ThreadNiceness.ofThisThread()));
                            team.start();
                            try {
                                team.join();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
        embedder.start();
        embedder.join();

        assertThat(raised.get()).contains(target);
        // a thread it starts (an OpenMP worker) inherits the value
        assertThat(child.get()).contains(target);
        // the test's own thread (the learner's place) is untouched
        assertThat(ThreadNiceness.ofThisThread()).isEqualTo(start);
    }

    @Test
    void neverLowersAValue() throws Exception {
        assumeThat(ThreadNiceness.ofThisThread()).isPresent();
        AtomicReference<Optional<Integer>> after = new AtomicReference<>();
        Thread t =
                new Thread(
                        () -> {
                            ThreadNiceness.raiseThisThreadTo(12);
                            after.set(ThreadNiceness.raiseThisThreadTo(3));
                        });
        t.start();
        t.join();
        assertThat(after.get()).contains(Math.max(12, ThreadNiceness.ofThisThread().get()));
    }

    @Test
    void refusesValuesOutsideNicesRange() {
        assertThatThrownBy(() -> ThreadNiceness.raiseThisThreadTo(20))
                .hasMessageContaining("0..19");
    }
}
