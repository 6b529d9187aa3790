package org.deepdual.sweep;

import java.io.IOException;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * Hadoop's local file system, except that under one directory it refuses to create part files of sweep
 * batches once {@link #failAfter} of them have been created: a disk that fills up, or a store that goes
 * away, in the middle of a run. Registered for one test as {@code fs.file.impl} (uncached, so that the
 * setting takes effect and is undone with the test); Spark's writers reach it through the session's
 * Hadoop configuration, in local mode on the same JVM.
 */
public final class FailingFileSystem extends LocalFileSystem {
    private static final AtomicInteger LEFT = new AtomicInteger(Integer.MAX_VALUE);
    private static final AtomicInteger REFUSED = new AtomicInteger();
    private static volatile String under = "/nonexistent/";

    /** Under {@code dir}, {@code n} more batch part files may be created; the ones after that fail. */
    public static void failAfter(java.nio.file.Path dir, int n) {
        under = dir.toAbsolutePath() + "/";
        LEFT.set(n);
        REFUSED.set(0);
    }

    public static void heal() {
        LEFT.set(Integer.MAX_VALUE);
    }

    public static int refused() {
        return REFUSED.get();
    }

    public static void register(Configuration conf) {
        conf.set("fs.file.impl", FailingFileSystem.class.getName());
        conf.setBoolean("fs.file.impl.disable.cache", true);
    }

    public static void unregister(Configuration conf) {
        conf.unset("fs.file.impl");
        conf.unset("fs.file.impl.disable.cache");
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
            short replication, long blockSize, Progressable progress) throws IOException {
        refuseBatchParts(f);
        return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
    }

    @Override
    public FSDataOutputStream createNonRecursive(Path f, FsPermission permission, EnumSet<CreateFlag> flags,
            int bufferSize, short replication, long blockSize, Progressable progress) throws IOException {
        refuseBatchParts(f);
        return super.createNonRecursive(f, permission, flags, bufferSize, replication, blockSize, progress);
    }

    private static void refuseBatchParts(Path f) throws IOException {
        String p = f.toUri().getPath();
        if (p.startsWith(under) && p.contains("/batch-") && p.endsWith(".parquet") && LEFT.getAndDecrement() <= 0) {
            REFUSED.incrementAndGet();
            throw new IOException("injected write failure: no space left for " + f);
        }
    }
}
