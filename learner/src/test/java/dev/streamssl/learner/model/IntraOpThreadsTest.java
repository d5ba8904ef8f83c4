package dev.streamssl.learner.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IntraOpThreadsTest {
    @Test
    void eachThreadKeepsItsOwnCount() throws Exception {
        AtomicInteger learner = new AtomicInteger();
        AtomicInteger embedder = new AtomicInteger();
        AtomicInteger learnerAfter = new AtomicInteger();
        Object turn = new Object();
        Thread a =
                new Thread(
                        () -> {
                            IntraOpThreads.setForThisThread(2);
                            learner.set(IntraOpThreads.ofThisThread());
                            synchronized (turn) {
                                turn.notifyAll();
                            }
                            try {
                                Thread.sleep(300); // the other thread sets its count meanwhile
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            learnerAfter.set(IntraOpThreads.ofThisThread());
                        });
        synchronized (turn) {
            a.start();
            turn.wait(10_000);
        }
        Thread b =
                new Thread(
                        () -> {
                            IntraOpThreads.setForThisThread(1);
                            embedder.set(IntraOpThreads.ofThisThread());
                        });
        b.start();
        b.join();
        a.join();
        assertThat(learner.get()).isEqualTo(2);
        assertThat(embedder.get()).isEqualTo(1);
        // the embedder's setting did not shrink the learner's team
        assertThat(learnerAfter.get()).isEqualTo(2);
    }

    @Test
    void zeroMeansEveryCore() throws Exception {
        int[] n = new int[1];
        Thread t = new Thread(() -> n[0] = IntraOpThreads.setForThisThread(0));
        t.start();
        t.join();
        assertThat(n[0]).isEqualTo(Runtime.getRuntime().availableProcessors());
    }
}
