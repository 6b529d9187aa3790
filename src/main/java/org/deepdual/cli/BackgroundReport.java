package org.deepdual.cli;

import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.spark.sql.SparkSession;
import org.deepdual.report.Report;
import org.deepdual.report.ReportWriter;

/**
 * A sweep's report written on its own thread while the reducer runs. The two read {@code cells/} and
 * write disjoint parts of the output (report/ and summary/), and the report is mostly single-threaded
 * drawing, so overlapping them keeps a second core busy at the end of a run instead of leaving it idle.
 */
final class BackgroundReport implements AutoCloseable {
    private final Thread thread;
    private final CompletableFuture<Optional<Report>> report = new CompletableFuture<>();

    private BackgroundReport(SparkSession session, String output) {
        thread = new Thread(() -> {
            try {
                report.complete(ReportWriter.forSweepOutput(session, output));
            } catch (Throwable t) {
                report.completeExceptionally(t);
            }
        }, "deepdual-report");
        thread.setDaemon(true);
    }

    /** Starts writing the report of {@code output} now. */
    static BackgroundReport start(SparkSession session, String output) {
        BackgroundReport r = new BackgroundReport(session, output);
        r.thread.start();
        return r;
    }

    /** Waits for the report; a failure while writing it is rethrown as it was thrown. */
    Optional<Report> await() {
        try {
            return report.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** A run that ends without waiting (a stop, a failed reduce) interrupts the report rather than waiting for it. */
    @Override
    public void close() {
        if (!report.isDone()) {
            report.completeExceptionally(new CancellationException("the sweep ended before its report"));
            thread.interrupt();
        }
    }
}
