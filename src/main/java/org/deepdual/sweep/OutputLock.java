package org.deepdual.sweep;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;

/**
 * Exclusive use of an output directory by one sweep: the file {@code OUTPUT/_lock} names the owner,
 * host, pid and run, and carries a heartbeat the holder refreshes every few seconds. A second run
 * refuses while the lock is live. A lock whose heartbeat is older than {@code staleAfterMillis}, or
 * whose holder ran on this host under a pid that no longer exists (a killed run), is stale and is
 * taken over: renamed aside (only one taker's rename can succeed), checked to be the stale lock that
 * was judged, then replaced.
 */
public final class OutputLock implements AutoCloseable {
    public static final long HEARTBEAT_MILLIS = 3_000;
    public static final long DEFAULT_STALE_MILLIS = 30_000;
    private static final Logger LOG = LoggerFactory.getLogger(OutputLock.class);

    private final SweepOutput output;
    private final String runId;
    private final long heartbeatMillis;
    private final long started;
    private final ScheduledExecutorService heartbeat;
    private volatile boolean lost;

    private OutputLock(SweepOutput output, String runId, long heartbeatMillis) {
        this.output = output;
        this.runId = runId;
        this.heartbeatMillis = heartbeatMillis;
        this.started = System.currentTimeMillis();
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "deepdual-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    /** What a lock file says. */
    record Holder(String runId, String owner, String host, long pid, long started, long heartbeat) {
        boolean staleAt(long now, long staleAfterMillis, String thisHost) {
            if (now - heartbeat > staleAfterMillis) {
                return true;
            }
            return host.equals(thisHost) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        }

        String describe(long now) {
            return "run " + runId + " of " + owner + "@" + host + " (pid " + pid + "), last heartbeat "
                    + Math.max(0, (now - heartbeat) / 1000) + " s ago";
        }
    }

    /**
     * Takes the lock of {@code output} for {@code runId}.
     *
     * @throws IllegalArgumentException when another live run holds it (the message names that run)
     */
    public static OutputLock acquire(SweepOutput output, String runId, long staleAfterMillis) {
        // several beats fit in the stale window, so a live holder is never judged stale
        OutputLock lock = new OutputLock(output, runId, Math.max(100, Math.min(HEARTBEAT_MILLIS, staleAfterMillis / 5)));
        for (int attempt = 0; attempt < 3; attempt++) {
            if (lock.tryCreate()) {
                lock.heartbeat.scheduleWithFixedDelay(lock::beat, lock.heartbeatMillis, lock.heartbeatMillis,
                        TimeUnit.MILLISECONDS);
                return lock;
            }
            Optional<Holder> holder = read(output);
            long now = System.currentTimeMillis();
            if (holder.isPresent() && !holder.get().staleAt(now, staleAfterMillis, Provenance.current().host())) {
                throw new IllegalArgumentException("output " + output + " is in use by another sweep: "
                        + holder.get().describe(now) + ". Wait for it to finish; a lock without heartbeat for "
                        + staleAfterMillis / 1000 + " s is taken over automatically");
            }
            if (holder.isPresent()) {
                LOG.warn("taking over the stale lock of " + output + ": " + holder.get().describe(now));
            }
            lock.retire(holder);
        }
        throw new IllegalArgumentException("output " + output + ": could not take the lock " + output.lock()
                + " (another run is starting at the same moment)");
    }

    static Optional<Holder> read(SweepOutput output) {
        if (!output.exists(output.lock())) {
            return Optional.empty();
        }
        // vanished between exists and read, or a torn file from a foreign writer: treat as stale
        return Optional.of(readAt(output, output.lock()).orElse(new Holder("?", "?", "?", -1, 0, 0)));
    }

    private String content(long heartbeatAt) {
        return "run_id=" + runId + "\nowner=" + System.getProperty("user.name", "?") + "\nhost="
                + Provenance.current().host() + "\npid=" + ProcessHandle.current().pid() + "\nstarted=" + started
                + "\nheartbeat=" + heartbeatAt + "\n";
    }

    private boolean tryCreate() {
        Path lockPath = output.lock();
        String text = content(System.currentTimeMillis());
        try {
            if (output.isLocal()) {
                Files.createDirectories(SweepOutput.local(lockPath.getParent()));
                Path tmp = output.writeTemporary(lockPath, text);
                try {
                    // a hard link fails atomically when the lock exists, and never shows a partial file
                    Files.createLink(SweepOutput.local(lockPath), SweepOutput.local(tmp));
                    return true;
                } catch (FileAlreadyExistsException e) {
                    return false;
                } catch (UnsupportedOperationException e) {
                    // no hard links here: exclusive create (a reader may briefly see it empty; see retire)
                    Files.writeString(SweepOutput.local(lockPath), text, java.nio.file.StandardOpenOption.CREATE_NEW,
                            java.nio.file.StandardOpenOption.WRITE);
                    return true;
                } finally {
                    Files.deleteIfExists(SweepOutput.local(tmp));
                }
            }
            output.fs().mkdirs(lockPath.getParent());
            try (FSDataOutputStream out = output.fs().create(lockPath, false)) {
                out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return true;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            if (output.exists(lockPath)) {
                return false;
            }
            throw new UncheckedIOException("cannot create the lock " + lockPath, e);
        }
    }

    /** Renames a stale lock aside; if the renamed file is not the one judged stale, puts it back. */
    private void retire(Optional<Holder> judged) {
        Path aside = new Path(output.root(), "_lock.stale-" + UUID.randomUUID());
        try {
            if (!output.fs().rename(output.lock(), aside)) {
                return; // someone else retired it first
            }
            Optional<Holder> moved = readAt(output, aside);
            boolean same = judged.isPresent() && moved.isPresent() && moved.get().runId().equals(judged.get().runId())
                    && moved.get().heartbeat() == judged.get().heartbeat();
            if (!same && moved.isPresent() && judged.isPresent()) {
                output.fs().rename(aside, output.lock());
                return;
            }
            output.fs().delete(aside, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot retire the stale lock " + output.lock(), e);
        }
    }

    private static Optional<Holder> readAt(SweepOutput output, Path p) {
        try {
            Properties props = new Properties();
            props.load(new StringReader(output.read(p)));
            return Optional.of(new Holder(props.getProperty("run_id", "?"), props.getProperty("owner", "?"),
                    props.getProperty("host", "?"), Long.parseLong(props.getProperty("pid", "-1")),
                    Long.parseLong(props.getProperty("started", "0")),
                    Long.parseLong(props.getProperty("heartbeat", "0"))));
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void beat() {
        try {
            Optional<Holder> h = read(output);
            if (h.isEmpty() || !h.get().runId().equals(runId)) {
                lost = true;
                LOG.error("the lock of " + output + " was taken by " + h.map(x -> x.describe(
                        System.currentTimeMillis())).orElse("nobody (it was removed)"));
                return;
            }
            output.writeAtomically(output.lock(), content(System.currentTimeMillis()));
        } catch (RuntimeException e) {
            LOG.warn("lock heartbeat failed: " + e);
        }
    }

    /**
     * Fails when the lock is no longer ours (it was removed or taken over): results must not be
     * published then.
     */
    public void verify() {
        if (lost) {
            throw new IllegalStateException("lost the lock of " + output + "; stopping before publishing more results");
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            heartbeat.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Optional<Holder> h = read(output);
        if (h.isPresent() && h.get().runId().equals(runId)) {
            try {
                output.fs().delete(output.lock(), false);
            } catch (IOException e) {
                LOG.warn("could not remove the lock " + output.lock() + ": " + e);
            }
        }
    }
}
