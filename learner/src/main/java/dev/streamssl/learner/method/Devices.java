package dev.streamssl.learner.method;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Resolves the configured device name: {@code cpu}, {@code gpu:N} or {@code auto}. */
public final class Devices {
    private Devices() {}

    public static Device resolve(String name) {
        if (name.equals("cpu")) {
            return Device.cpu();
        }
        int gpus = Engine.getInstance().getGpuCount();
        if (name.equals("auto")) {
            return gpus > 0 ? Device.gpu() : Device.cpu();
        }
        if (name.startsWith("gpu:")) {
            int index;
            try {
                index = Integer.parseInt(name.substring(4));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "device '" + name + "' is not cpu, auto or gpu:N");
            }
            if (index < 0 || index >= gpus) {
                throw new IllegalArgumentException(
                        "device " + name + " asked for, but DJL sees " + gpus + " GPU(s)");
            }
            return Device.gpu(index);
        }
        throw new IllegalArgumentException("device '" + name + "' is not cpu, auto or gpu:N");
    }
}
