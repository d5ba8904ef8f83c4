package dev.streamssl.schemas;

/**
 * A Kafka record value that is not a readable single-object-encoded record of the expected type.
 * {@link #reason()} says which way it failed, so a caller can route it to the dead-letter topic
 * with the right category.
 */
public final class WireFormatException extends Exception {
    private final DeadLetterReason reason;

    public WireFormatException(DeadLetterReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public DeadLetterReason reason() {
        return reason;
    }
}
