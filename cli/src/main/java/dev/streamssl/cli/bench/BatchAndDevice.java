package dev.streamssl.cli.bench;

import picocli.CommandLine.Option;

/** The batch size and the device a benchmark that runs the model takes (a picocli mixin). */
public final class BatchAndDevice {
    @Option(
            names = "--batch",
            defaultValue = "256",
            description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--device",
            defaultValue = "auto",
            description = "cpu, gpu:N or auto (default: ${DEFAULT-VALUE}).")
    String device;
}
