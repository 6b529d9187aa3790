package org.deepdual.cli;

import java.io.PrintStream;
import org.deepdual.sweep.StopRequest;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT for the commands that run sweeps. The JVM's own handling would run the shutdown
 * hooks at once, so Spark would stop under the running jobs and the run would end in a stack trace.
 * Here the first signal asks the sweep to stop ({@link StopRequest}: no new work, a grace period, then
 * cancel), a second cancels at once, and a third ends the process. Outside the scheduling of a sweep
 * (start-up, reduce, report) a second signal exits at once: cells already written stay.
 */
final class StopSignals {
    private StopSignals() {
    }

    static void install(StopRequest stop, PrintStream err) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), s -> onSignal(stop, s.getName(), err));
            } catch (IllegalArgumentException e) {
                // the JVM keeps this signal (e.g. under -Xrs): its default handling stays
            }
        }
    }

    static void onSignal(StopRequest stop, String name, PrintStream err) {
        int n = stop.request(name);
        if (n == 1) {
            err.println("deepdual: SIG" + name + " received: stopping after the work in flight"
                    + " (send it again to stop at once)");
        } else if (n == 2 && !stop.active() || n >= 3) {
            // halt, not exit: shutdown hooks would stop Spark under the main thread, which would then report
            // the failing jobs; what is committed is on disk, and a stale lock is taken over by the next run
            err.println("deepdual: stopped at once by SIG" + name + "; rerun the same command to continue");
            err.flush();
            Runtime.getRuntime().halt(stop.exitCode());
        }
    }
}
