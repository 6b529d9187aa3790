package org.deepdual.sweep;

import java.util.Locale;

/**
 * A sweep stopped on request ({@link StopRequest}) after committing what had finished. Not an error:
 * {@code saved} of the grid's {@code total} cells are in {@code cells/}, and the same command continues.
 */
public final class SweepStopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long saved;
    private final long total;
    private final int exitCode;

    public SweepStopped(long saved, long total, int exitCode) {
        super(String.format(Locale.ROOT, "stopped: %d of %d cells saved; rerun the same command to continue", saved,
                total), null, false, false);
        this.saved = saved;
        this.total = total;
        this.exitCode = exitCode;
    }

    public long saved() {
        return saved;
    }

    public long total() {
        return total;
    }

    /** 130 after SIGINT, 143 after SIGTERM. */
    public int exitCode() {
        return exitCode;
    }
}
