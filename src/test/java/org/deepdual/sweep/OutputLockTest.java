package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output lock: a live holder makes a second run refuse; a killed or silent holder's lock is stale. */
class OutputLockTest {
    @TempDir
    Path dir;

    private SweepOutput output() {
        return SweepOutput.resolve(dir.resolve("out").toString(), new Configuration(), "test: output");
    }

    private void writeLock(long pid, String host, long heartbeat) throws Exception {
        Files.createDirectories(dir.resolve("out"));
        Files.writeString(dir.resolve("out/_lock"), "run_id=rOTHER\nowner=someone\nhost=" + host + "\npid=" + pid
                + "\nstarted=" + heartbeat + "\nheartbeat=" + heartbeat + "\n");
    }

    @Test
    void secondRunRefusesWhileTheHolderIsAlive() throws Exception {
        writeLock(ProcessHandle.current().pid(), Provenance.current().host(), System.currentTimeMillis());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OutputLock.acquire(output(), "rME", 30_000));
        assertTrue(e.getMessage().contains("is in use by another sweep: run rOTHER of someone@"), e.getMessage());
        assertTrue(e.getMessage().contains("(pid " + ProcessHandle.current().pid() + ")"), e.getMessage());
        assertTrue(Files.readString(dir.resolve("out/_lock")).contains("rOTHER"), "the holder keeps its lock");
    }

    @Test
    void twoAcquisitionsInOneProcessExclude() {
        try (OutputLock first = OutputLock.acquire(output(), "rA", 30_000)) {
            assertThrows(IllegalArgumentException.class, () -> OutputLock.acquire(output(), "rB", 30_000));
            first.verify();
        }
        assertFalse(Files.exists(dir.resolve("out/_lock")), "released on close");
        OutputLock.acquire(output(), "rB", 30_000).close();
    }

    @Test
    void killedHolderOnThisHostIsStale() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        writeLock(p.pid(), Provenance.current().host(), System.currentTimeMillis());
        try (OutputLock lock = OutputLock.acquire(output(), "rME", 30_000)) {
            assertTrue(Files.readString(dir.resolve("out/_lock")).contains("run_id=rME"));
        }
    }

    @Test
    void holderWithoutHeartbeatIsStale() throws Exception {
        writeLock(1, "another-host", System.currentTimeMillis() - 60_000);
        try (OutputLock lock = OutputLock.acquire(output(), "rME", 30_000)) {
            assertTrue(Files.readString(dir.resolve("out/_lock")).contains("run_id=rME"));
        }
        writeLock(1, "another-host", System.currentTimeMillis() - 5_000);
        assertThrows(IllegalArgumentException.class, () -> OutputLock.acquire(output(), "rME2", 30_000),
                "a recent heartbeat from another host is live");
    }

    @Test
    void heartbeatAdvancesAndLostLockIsNoticed() throws Exception {
        try (OutputLock lock = OutputLock.acquire(output(), "rME", 2_000)) {
            long before = OutputLock.read(output()).orElseThrow().heartbeat();
            Thread.sleep(1000);
            long after = OutputLock.read(output()).orElseThrow().heartbeat();
            assertTrue(after > before, "heartbeat " + before + " -> " + after);
            writeLock(1, "another-host", System.currentTimeMillis());
            Thread.sleep(1000);
            IllegalStateException e = assertThrows(IllegalStateException.class, lock::verify);
            assertTrue(e.getMessage().contains("lost the lock"), e.getMessage());
        }
        assertEquals("rOTHER", OutputLock.read(output()).orElseThrow().runId(), "another run's lock is left alone");
    }

    @Test
    void outputUnderARegularFileIsRefused() throws Exception {
        Files.writeString(dir.resolve("file"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SweepOutput.resolve(dir.resolve("file/sub/out").toString(), new Configuration(), "q.yaml: output"));
        assertTrue(e.getMessage().startsWith("q.yaml: output: lies under the regular file"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SweepOutput.resolve(dir.resolve("file").toString(), new Configuration(), "q.yaml: output"));
        assertTrue(e.getMessage().contains("is a regular file"), e.getMessage());
        assertEquals(dir.resolve("a/out").toUri().getPath().replaceAll("/$", ""),
                SweepOutput.resolve(dir + "/a/./b/../out/", new Configuration(), "o").root().toUri().getPath());
    }
}
