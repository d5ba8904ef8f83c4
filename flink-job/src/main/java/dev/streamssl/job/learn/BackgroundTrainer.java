package dev.streamssl.job.learn;

import dev.streamssl.job.priority.LearnerYield;
import dev.streamssl.job.types.DecodedImage;
import dev.streamssl.learner.method.TrainStepResult;
import dev.streamssl.learner.model.IntraOpThreads;
import dev.streamssl.learner.torch.GradMode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The learner's sample mode: training on a thread of its own, so that the operator's thread only
 * hands images over and the learning path keeps up with the head of the stream. New images wait in
 * a bounded queue; when it is full the oldest is dropped and counted as skipped. The trainer takes
 * a batch whenever one is there and trains on it under the model lock, which the operator also
 * takes to checkpoint or to read the weights: a checkpoint waits for the step in flight and sees a
 * consistent learner, buffer and queue.
 *
 * <p>DJL: PyTorch's grad mode is per thread, so the trainer thread turns it off for itself; steps
 * of several learners in one JVM take turns on DJL's one gradient collector (the learner core's
 * training lock).
 */
final class BackgroundTrainer implements AutoCloseable {
    private final TrainingLoop loop;
    private final int batchSize;
    private final int maxPending;
    private final ReentrantLock modelLock;
    private final Consumer<List<TrainStepResult>> results;
    private final LearnerYield yield;
    private final ReentrantLock queueLock = new ReentrantLock();
    private final Condition changed = queueLock.newCondition();
    private final Deque<DecodedImage> pending = new ArrayDeque<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private long skipped;
    private boolean taking;

    /**
     * @param modelLock held while training and by whoever reads or saves the learner
     * @param results receives the results of every batch's steps, on the trainer thread
     * @param threads libtorch's threads for the trainer thread's operations (0: every core)
     * @param yield how long to rest after each batch while the embedders lag
     */
    private final int threads;

    BackgroundTrainer(
            TrainingLoop loop,
            int threads,
            int batchSize,
            int maxPending,
            ReentrantLock modelLock,
            Consumer<List<TrainStepResult>> results,
            LearnerYield yield,
            String name) {
        this.loop = loop;
        this.threads = threads;
        this.batchSize = batchSize;
        this.maxPending = Math.max(maxPending, batchSize);
        this.modelLock = modelLock;
        this.results = results;
        this.yield = yield;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Hands an image over; drops the oldest waiting one if the queue is full. */
    void offer(DecodedImage image) {
        rethrow();
        queueLock.lock();
        try {
            if (pending.size() >= maxPending) {
                pending.removeFirst();
                skipped++;
            }
            pending.addLast(image);
            changed.signalAll();
        } finally {
            queueLock.unlock();
        }
    }

    /** Images waiting for the trainer (a copy), for checkpoints. Call with the model lock held. */
    List<DecodedImage> pending() {
        queueLock.lock();
        try {
            return new ArrayList<>(pending);
        } finally {
            queueLock.unlock();
        }
    }

    void restore(List<DecodedImage> waiting, long restoredSkipped) {
        queueLock.lock();
        try {
            pending.clear();
            pending.addAll(waiting);
            skipped = restoredSkipped;
        } finally {
            queueLock.unlock();
        }
    }

    /** Images dropped from the full queue so far. */
    long skipped() {
        queueLock.lock();
        try {
            return skipped;
        } finally {
            queueLock.unlock();
        }
    }

    int waiting() {
        queueLock.lock();
        try {
            return pending.size();
        } finally {
            queueLock.unlock();
        }
    }

    /**
     * Trains on every full batch still waiting, stops the thread, and gives back what is left
     * (fewer than a batch), for the operator to train on at end of input.
     */
    List<DecodedImage> drainAndStop() throws InterruptedException {
        queueLock.lock();
        try {
            while (failure == null && (pending.size() >= batchSize || taking)) {
                changed.await();
            }
        } finally {
            queueLock.unlock();
        }
        close();
        rethrow();
        queueLock.lock();
        try {
            List<DecodedImage> rest = new ArrayList<>(pending);
            pending.clear();
            return rest;
        } finally {
            queueLock.unlock();
        }
    }

    private void run() {
        GradMode.disable();
        IntraOpThreads.setForThisThread(threads);
        try {
            while (running) {
                if (!awaitBatch()) {
                    continue;
                }
                // the batch leaves the queue only under the model lock, so a checkpoint sees each
                // image either waiting or trained on
                List<TrainStepResult> done = List.of();
                modelLock.lock();
                try {
                    done = loop.learnFrom(takeBatch());
                    results.accept(done);
                } finally {
                    modelLock.unlock();
                    queueLock.lock();
                    try {
                        taking = false;
                        changed.signalAll();
                    } finally {
                        queueLock.unlock();
                    }
                }
                // outside the model lock: a checkpoint does not wait for the rest
                yield.rest(done);
            }
        } catch (Throwable t) {
            failure = t;
            queueLock.lock();
            try {
                changed.signalAll();
            } finally {
                queueLock.unlock();
            }
        }
    }

    /** Waits a little for a full batch; only the trainer takes from the queue. */
    private boolean awaitBatch() throws InterruptedException {
        queueLock.lock();
        try {
            if (pending.size() < batchSize) {
                changed.awaitNanos(100_000_000L);
            }
            return pending.size() >= batchSize;
        } finally {
            queueLock.unlock();
        }
    }

    private List<DecodedImage> takeBatch() {
        queueLock.lock();
        try {
            List<DecodedImage> batch = new ArrayList<>(batchSize);
            for (int i = 0; i < batchSize; i++) {
                batch.add(pending.removeFirst());
            }
            taking = true;
            return batch;
        } finally {
            queueLock.unlock();
        }
    }

    /** A failure of the trainer thread fails the operator on its own thread. */
    void rethrow() {
        Throwable t = failure;
        if (t != null) {
            throw new IllegalStateException("the learner's training thread failed: " + t, t);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        queueLock.lock();
        try {
            changed.signalAll();
        } finally {
            queueLock.unlock();
        }
        thread.join(60_000);
    }
}
