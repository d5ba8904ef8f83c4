package dev.streamssl.images;

/**
 * An image file that cannot be used, with the kind of problem: what a publisher counts a skipped
 * file under, and what the job's decoder turns into a dead-letter reason.
 */
public final class UnreadableImageException extends Exception {
    /** What is wrong with the file. */
    public enum Kind {
        /** Zero bytes. */
        EMPTY("empty"),
        /** Starts like no image format known here (a text file, a video, random bytes). */
        NOT_AN_IMAGE("not-an-image"),
        /** A real image format that streamssl does not decode (HEIF, AVIF, GIF, ...). */
        UNSUPPORTED_FORMAT("unsupported-format"),
        /** The right magic number, but the header or the data is cut short or damaged. */
        CORRUPT("corrupt");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** Short lower-case name for counts and summaries: {@code empty}, {@code corrupt}, ... */
        public String label() {
            return label;
        }
    }

    private final Kind kind;

    public UnreadableImageException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public UnreadableImageException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
