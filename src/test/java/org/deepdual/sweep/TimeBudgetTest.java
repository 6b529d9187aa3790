package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** Per-cell budgets on one thread: a runaway cell times out alone and the cells after it still run. */
class TimeBudgetTest {
    private static Integer spin() {
        long x = 0;
        while (x >= 0) {
            x = (x + 1) % 1_000_003;
        }
        return -1;
    }

    @Test
    void runawayCellTimesOutAloneAndTheRestRun() {
        List<Callable<Integer>> work = List.of(() -> 1, TimeBudgetTest::spin, () -> {
            throw new IllegalStateException("bad cell");
        }, () -> 4);
        long t0 = System.nanoTime();
        List<TimeBudget.Outcome<Integer>> out = TimeBudget.runEach(work, 300, "test-budget");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(4, out.size());
        assertEquals(1, out.get(0).value());
        assertTrue(out.get(0).ok());
        assertTrue(out.get(1).timedOut(), "the spinning cell overran its budget");
        assertFalse(out.get(2).timedOut());
        assertEquals("bad cell", out.get(2).error().getMessage());
        assertEquals(4, out.get(3).value(), "the cell after the runaway one ran on a fresh thread");
        assertTrue(seconds < 5, "one budget spent, not the whole path's: " + seconds + " s");
    }

    @Test
    void wholeCallUnderOneBudget() {
        TimeBudget.Outcome<Integer> ok = TimeBudget.run(() -> 7, 1000, "test-one");
        assertEquals(7, ok.value());
        assertTrue(ok.cpuNanos() >= 0);
        assertTrue(TimeBudget.run(TimeBudgetTest::spin, 200, "test-spin").timedOut());
    }
}
