package dev.streamssl.job.learn.sync;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a round's message into {@link RoundChunk}s and puts received pieces back together. Pieces of
 * one message travel through one ordered channel (one subtask's gateway), but the assembly does not
 * rely on that: it places each piece by its index.
 */
final class ChunkedMessage {
    private final byte[][] pieces;
    private int received;

    private ChunkedMessage(int count) {
        this.pieces = new byte[count][];
    }

    /** The pieces of {@code bytes}, each at most {@code maxBytes} long; at least one. */
    static List<RoundChunk> split(
            long round, int replica, long images, byte[] bytes, int maxBytes) {
        int count = Math.max(1, (bytes.length + maxBytes - 1) / maxBytes);
        List<RoundChunk> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int from = i * maxBytes;
            int to = Math.min(bytes.length, from + maxBytes);
            out.add(
                    new RoundChunk(
                            round, replica, images, i, count, Arrays.copyOfRange(bytes, from, to)));
        }
        return out;
    }

    static ChunkedMessage expecting(int count) {
        return new ChunkedMessage(count);
    }

    /** Takes a piece; true once every piece is there. */
    boolean add(RoundChunk chunk) {
        if (chunk.count() != pieces.length || chunk.index() < 0 || chunk.index() >= pieces.length) {
            throw new IllegalStateException(
                    "piece "
                            + chunk.index()
                            + " of "
                            + chunk.count()
                            + " does not belong to a message of "
                            + pieces.length);
        }
        if (pieces[chunk.index()] == null) {
            received++;
        }
        pieces[chunk.index()] = chunk.bytes();
        return received == pieces.length;
    }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : pieces) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
