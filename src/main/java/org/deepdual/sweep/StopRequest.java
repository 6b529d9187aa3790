package org.deepdual.sweep;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A request, from outside the run, to stop a sweep: the first signal asks for a graceful stop (no new
 * work; running batches may finish within the grace period, then the rest is cancelled), the second
 * for an immediate one (cancel now). Either way what was committed stays, and the run ends with
 * {@link SweepStopped}. The command line feeds {@link #PROCESS} from SIGTERM and SIGINT.
 */
public final class StopRequest {
    /** The process's request, fed by the command line's signal handlers. */
    public static final StopRequest PROCESS = new StopRequest();

    private final AtomicInteger count = new AtomicInteger();
    private volatile String signal;
    private volatile boolean active;

    /** Records one stop signal (e.g. {@code "TERM"}, {@code "INT"}) and returns how many arrived so far. */
    public int request(String signalName) {
        int n = count.incrementAndGet();
        if (n == 1) {
            signal = signalName;
        }
        return n;
    }

    public boolean requested() {
        return count.get() > 0;
    }

    /** True after a second signal: running work is cancelled at once. */
    public boolean immediate() {
        return count.get() > 1;
    }

    /** The first signal's name, or null. */
    public String signal() {
        return signal;
    }

    /** 130 for SIGINT, 143 for SIGTERM (128 + the signal number), as shells report them. */
    public int exitCode() {
        return "INT".equals(signal) ? 130 : 143;
    }

    /** True while a sweep is scheduling work, i.e. while a signal can stop it gracefully. */
    public boolean active() {
        return active;
    }

    void active(boolean on) {
        active = on;
    }
}
