package dev.streamssl.schemas;

/**
 * The schema registry could not answer (refused connection, timeout, server error, rejected
 * credentials). Unlike a {@link WireFormatException} this is no record's fault: a stream retries (a
 * Flink task fails and restarts from its checkpoint, so nothing is lost) and a tool stops with this
 * message; neither dead-letters the record it was working on.
 */
public final class RegistryUnavailableException extends RuntimeException {
    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
