package org.deepdual.sweep;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.fs.s3a.S3AFileSystem;
import org.apache.hadoop.util.Progressable;
import org.apache.spark.TaskContext;

/**
 * S3A, except for the Parquet files that tasks write under {@code cells/}: the object-store counterpart of
 * {@link FailingFileSystem}. Two faults:
 * <ul>
 * <li>{@link #failAfter}: after N part files, creating another fails (a store that goes away mid-run);</li>
 * <li>{@link #FAIL_FIRST_ATTEMPTS} (a system property, for a sweep in a child JVM in local mode): the first
 * attempt of the first N tasks that write a cells file writes it whole, then fails at close, after S3A
 * completed the file's upload (under the magic committer, a pending multipart upload with its
 * {@code .pending} manifest): a task that dies after writing its output, which Spark then retries.</li>
 * </ul>
 * Registered as {@code fs.s3a.impl} (uncached in the test JVM, so that registering and removing it takes
 * effect); in local mode tasks run in the driver's JVM, so the counters are shared by all attempts.
 */
public final class FailingS3AFileSystem extends S3AFileSystem {
    /** System property: how many tasks fail once at close of their cells file (0 by default). */
    public static final String FAIL_FIRST_ATTEMPTS = "deepdual.test.s3.failFirstAttempts";
    private static final AtomicInteger LEFT = new AtomicInteger(Integer.MAX_VALUE);
    private static final AtomicInteger REFUSED = new AtomicInteger();
    private static final AtomicInteger TO_FAIL_AT_CLOSE = new AtomicInteger(
            Integer.getInteger(FAIL_FIRST_ATTEMPTS, 0));

    /** {@code n} more cells part files may be created; the ones after that fail. */
    static void failAfter(int n) {
        LEFT.set(n);
        REFUSED.set(0);
    }

    static void heal() {
        LEFT.set(Integer.MAX_VALUE);
    }

    static int refused() {
        return REFUSED.get();
    }

    static void register(Configuration conf) {
        conf.set("fs.s3a.impl", FailingS3AFileSystem.class.getName());
        conf.setBoolean("fs.s3a.impl.disable.cache", true);
    }

    static void unregister(Configuration conf) {
        // core-default.xml's value: unset would remove that too
        conf.set("fs.s3a.impl", S3AFileSystem.class.getName());
        conf.unset("fs.s3a.impl.disable.cache");
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
            short replication, long blockSize, Progressable progress) throws IOException {
        boolean cellsPart = isCellsPart(f);
        if (cellsPart && LEFT.getAndDecrement() <= 0) {
            REFUSED.incrementAndGet();
            throw new IOException("injected write failure: the store refuses " + f);
        }
        FSDataOutputStream out = super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
        TaskContext task = TaskContext.get();
        if (!cellsPart || task == null || task.attemptNumber() > 0 || TO_FAIL_AT_CLOSE.getAndDecrement() <= 0) {
            return out;
        }
        return new FSDataOutputStream(new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.close();
                throw new IOException("injected task failure after writing " + f + " (attempt "
                        + task.attemptNumber() + " of partition " + task.partitionId() + ")");
            }
        }, null, out.getPos());
    }

    private static boolean isCellsPart(Path f) {
        String p = f.toUri().getPath();
        return p.contains("/cells/") && p.endsWith(".parquet");
    }
}
