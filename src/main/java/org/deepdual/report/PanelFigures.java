package org.deepdual.report;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Draws the figures of every panel on as many threads as the JVM has processors, handing the results
 * back in panel order. Rendering and PNG encoding are most of a report's time and one panel's figures
 * do not depend on another's, so this is the part of the report that scales with cores.
 */
final class PanelFigures implements AutoCloseable {
    private final ExecutorService pool;

    private PanelFigures(int threads) {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "report-figures-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** A pool of {@code min(processors, panels)} threads, at least one. */
    static PanelFigures forPanels(int panels) {
        return new PanelFigures(Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), panels)));
    }

    /** Starts {@code draw} on every panel now; the list's futures are in the panels' order. */
    List<Future<List<FigureOutcome>>> start(List<PanelGrid> panels, Function<PanelGrid, List<FigureOutcome>> draw) {
        List<Future<List<FigureOutcome>>> out = new ArrayList<>(panels.size());
        for (PanelGrid p : panels) {
            out.add(pool.submit(() -> draw.apply(p)));
        }
        return out;
    }

    /** The figures of one panel, waiting for them; a failure while drawing is rethrown as it was thrown. */
    static List<FigureOutcome> await(Future<List<FigureOutcome>> figures) {
        try {
            return figures.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while drawing the report's figures", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
