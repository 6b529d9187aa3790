package org.deepdual.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

/**
 * A test hook for fault tests on a cluster (issue 10), inert unless the executor's environment sets
 * {@code DEEPDUAL_TEST_DELAY=EVERY_MS,SLOW_MS[,MARKER_DIR]}: every sweep task then sleeps EVERY_MS
 * (so that a run lasts long enough to kill an executor in the middle), the first attempt of partition 0
 * of every stage sleeps SLOW_MS more, ignoring interrupts (the straggler that speculation copies), and
 * each task attempt leaves a file {@code stage-S-part-P-attempt-A} in MARKER_DIR, holding the id of the
 * executor it runs on, when it starts. Results do not depend on it: only timing changes.
 */
final class InjectedDelay {
    static final String ENV = "DEEPDUAL_TEST_DELAY";

    private InjectedDelay() {
    }

    static void apply() {
        String setting = System.getenv(ENV);
        TaskContext task = TaskContext.get();
        if (setting == null || setting.isBlank() || task == null) {
            return;
        }
        String[] f = setting.split(",");
        long every = Long.parseLong(f[0].strip());
        long slow = f.length > 1 ? Long.parseLong(f[1].strip()) : 0;
        if (f.length > 2) {
            try {
                Path dir = Path.of(f[2].strip());
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("stage-" + task.stageId() + "-part-" + task.partitionId() + "-attempt-"
                        + task.attemptNumber()), SparkEnv.get().executorId());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        boolean straggler = slow > 0 && task.partitionId() == 0 && task.attemptNumber() == 0
                && (f.length <= 2 || claimStraggler(Path.of(f[2].strip()), task));
        sleepThrough(every + (straggler ? slow : 0));
    }

    /** True for the one attempt that creates MARKER_DIR/straggler (speculation needs a sibling that finishes). */
    private static boolean claimStraggler(Path dir, TaskContext task) {
        if (task.numPartitions() < 2) {
            return false;
        }
        try {
            Files.writeString(dir.resolve("straggler"), Integer.toString(task.stageId()),
                    java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
            return true;
        } catch (java.nio.file.FileAlreadyExistsException taken) {
            return false;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Sleeps {@code millis} even when interrupted, like a task stuck in native code. */
    private static void sleepThrough(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        boolean interrupted = false;
        for (long left = millis; left > 0; left = (end - System.nanoTime()) / 1_000_000) {
            try {
                Thread.sleep(left);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
