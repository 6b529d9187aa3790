package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, nightly: two runs for the same date at once. With deploy/cron/nightly the second finds the
 * flock held and is skipped (exit 75); without the wrapper the output lock of OUTPUT/date=D refuses it.
 * A holder killed with SIGKILL (with everything it started) leaves a lock the next run takes: the kernel
 * drops the flock, and the output lock's pid is dead on this host, so it is stale.
 */
class NightlyLockFaultTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir"));

    @TempDir
    Path dir;

    @Test
    void theCronWrapperRefusesASecondRunForTheSameDateAndAKilledHolderFreesIt() throws Exception {
        Path fake = dir.resolve("fake-submit");
        // stands in for deploy/bin/submit: says it ran, then works for FAKE_SECONDS
        Files.writeString(fake, "#!/usr/bin/env bash\necho \"ran: $*\"\nsleep \"${FAKE_SECONDS:-0}\"\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        Path logs = dir.resolve("logs");
        Path log = logs.resolve("nightly-2026-04-01.log");
        Map<String, String> env = Map.of("DEEPDUAL_SUBMIT", fake.toString(), "DEEPDUAL_LOG_DIR", logs.toString());
        Process first = wrapper(env, "60");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!(Files.exists(log) && Files.readString(log).contains("ran:"))) {
            assertTrue(System.nanoTime() < deadline && first.isAlive(), "the first night did not start");
            Thread.sleep(50);
        }
        Process second = wrapper(env, "0");
        assertTrue(second.waitFor(20, TimeUnit.SECONDS));
        assertEquals(75, second.exitValue(), "the second run of the same date is skipped");
        assertTrue(Files.readString(log).contains("nightly 2026-04-01 skipped: a previous night still holds"),
                Files.readString(log));

        // SIGKILL the holder and what it started (the fake submit keeps the lock's descriptor open)
        List<ProcessHandle> all = new ArrayList<>(first.descendants().toList());
        all.add(first.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : all) {
            h.onExit().get(20, TimeUnit.SECONDS);
        }
        assertTrue(Files.exists(logs.resolve("nightly.lock")), "the killed holder leaves its lock file");
        Process third = wrapper(env, "0");
        assertTrue(third.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, third.exitValue(), "the next run takes the lock of the killed holder");
        assertTrue(Files.readString(log).contains("nightly 2026-04-01 end: exit 0"), Files.readString(log));
    }

    private Process wrapper(Map<String, String> env, String seconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("deploy/cron/nightly").toString(), "--date", "2026-04-01")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        pb.environment().put("FAKE_SECONDS", seconds);
        return pb.start();
    }

    @Test
    void withoutTheWrapperTheOutputLockRefusesTheSecondRunAndAKilledHolderIsStale() throws Exception {
        Path night = dir.resolve("results/date=2026-04-01");
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        cmd.addAll(List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                OutputLockHolder.class.getName(), night.toString()));
        Process holder = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("holder.log")
                .toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(dir.resolve("holder.log")).contains("held")) {
                assertTrue(holder.isAlive() && System.nanoTime() < deadline,
                        "the holder did not take the lock: " + Files.readString(dir.resolve("holder.log")));
                Thread.sleep(50);
            }
            SweepOutput output = SweepOutput.resolve(night.toString(), new Configuration(), "nightly: output");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OutputLock.acquire(output, "rSECOND", OutputLock.DEFAULT_STALE_MILLIS));
            assertTrue(e.getMessage().contains("is in use by another sweep: run rHOLDER")
                    && e.getMessage().contains("(pid " + holder.pid() + ")"), e.getMessage());

            holder.destroyForcibly();   // SIGKILL: no shutdown hook, no release
            assertTrue(holder.waitFor(20, TimeUnit.SECONDS));
            assertTrue(Files.readString(night.resolve("_lock")).contains("run_id=rHOLDER"), "the lock is left behind");
            try (OutputLock lock = OutputLock.acquire(output, "rNEXT", OutputLock.DEFAULT_STALE_MILLIS)) {
                assertTrue(Files.readString(night.resolve("_lock")).contains("run_id=rNEXT"),
                        "the next run recognises the dead holder's lock as stale and takes it");
            }
        } finally {
            holder.destroyForcibly();
        }
    }
}
