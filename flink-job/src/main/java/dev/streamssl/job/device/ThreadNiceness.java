package dev.streamssl.job.device;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The Linux nice value of the calling thread: how the learner gets priority over the embedders when
 * both want the same cores. Linux schedules threads, not processes, and {@code
 * setpriority(PRIO_PROCESS, tid, n)} sets one thread's nice value; the completely fair scheduler
 * then gives runnable threads CPU time in proportion to 1024 / 1.25^n, so an embedder at nice 10
 * gets about a tenth of a core's time against a learner thread at 0 and all of it when the learner
 * waits. Threads a thread starts afterwards (its OpenMP team) inherit its value. Any user may raise
 * a nice value; lowering it needs {@code CAP_SYS_NICE}, so a thread is only ever made nicer. Java
 * thread priorities do not do this: HotSpot ignores them on Linux unless run as root. On systems
 * without {@code /proc/thread-self} (not Linux) nothing changes and the caller is told so.
 */
public final class ThreadNiceness {
    private static final int PRIO_PROCESS = 0;
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");

    /** libc's setpriority(2). */
    private interface CLibrary extends Library {
        int setpriority(int which, int who, int prio);
    }

    private ThreadNiceness() {}

    /**
     * Raises this thread's nice value to {@code niceness} if it is lower; {@code 0} leaves it.
     * Returns the thread's nice value afterwards, or empty where threads have no nice value of
     * their own here (not Linux) or the call was refused.
     */
    public static Optional<Integer> raiseThisThreadTo(int niceness) {
        if (niceness < 0 || niceness > 19) {
            throw new IllegalArgumentException("a nice value is 0..19, got " + niceness);
        }
        Optional<Long> tid = threadId();
        Optional<Integer> now = ofThisThread();
        if (tid.isEmpty() || now.isEmpty()) {
            return Optional.empty();
        }
        if (niceness <= now.get()) {
            return now;
        }
        try {
            CLibrary c = Native.load("c", CLibrary.class);
            if (c.setpriority(PRIO_PROCESS, Math.toIntExact(tid.get()), niceness) != 0) {
                return Optional.empty();
            }
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return Optional.empty();
        }
        return ofThisThread();
    }

    /** This thread's nice value, field 19 of {@code /proc/thread-self/stat}; empty if not Linux. */
    public static Optional<Integer> ofThisThread() {
        try {
            String stat = Files.readString(THREAD_SELF.resolve("stat"));
            // the command name (field 2) is in parentheses and may hold spaces
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return Optional.of(Integer.parseInt(fields[19 - 3]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The kernel's id of this thread, from the link {@code /proc/thread-self -> PID/task/TID}. */
    private static Optional<Long> threadId() {
        try {
            Path link = Files.readSymbolicLink(THREAD_SELF);
            return Optional.of(Long.parseLong(link.getFileName().toString()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
