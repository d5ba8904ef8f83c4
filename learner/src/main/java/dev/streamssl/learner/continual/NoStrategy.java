package dev.streamssl.learner.continual;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/** {@code continual.strategy = none}: the method's loss alone. */
final class NoStrategy implements ContinualStrategy {
    @Override
    public void beforeStep(long step) {}

    @Override
    public void afterWarmStart() {}

    @Override
    public NDArray total(NDArray methodLoss, NDList views, NDArray projections) {
        return methodLoss;
    }

    @Override
    public void requestRefresh() {}

    @Override
    public long refreshes() {
        return 0;
    }
}
