package org.deepdual.sweep;

import org.apache.hadoop.conf.Configuration;

/** A process that takes the output lock of {@code args[0]}, says "held" and waits to be killed. */
public final class OutputLockHolder {
    private OutputLockHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        OutputLock lock = OutputLock.acquire(SweepOutput.resolve(args[0], new Configuration(), "holder: output"),
                "rHOLDER", OutputLock.DEFAULT_STALE_MILLIS);
        System.out.println("held " + lock);
        System.out.flush();
        Thread.sleep(600_000);
    }
}
