package org.deepdual.sweep;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Per-executor-JVM cache of what is expensive to redo for every β path: the data set rebuilt from
 * its broadcast and each setting's {@link org.deepdual.solve.core.PreparedData} (docs/theory.md §12,
 * "per dataset, once"), keyed by fingerprint and setting. Bounded (least recently used entries
 * go); concurrent tasks asking for the same key wait for one computation.
 */
final class PreparedCache {
    static final int DEFAULT_ENTRIES = 16;
    private static final PreparedCache INSTANCE = new PreparedCache(DEFAULT_ENTRIES);

    private final int capacity;
    private final LinkedHashMap<String, CompletableFuture<Object>> entries;
    private long computations;

    PreparedCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<Object>> eldest) {
                return size() > PreparedCache.this.capacity;
            }
        };
    }

    static PreparedCache get() {
        return INSTANCE;
    }

    /** The cached value for {@code key}, computing it once if absent. */
    @SuppressWarnings("unchecked")
    <T> T get(String key, Supplier<T> compute) {
        CompletableFuture<Object> f;
        boolean mine = false;
        synchronized (this) {
            f = entries.get(key);
            if (f == null) {
                f = new CompletableFuture<>();
                entries.put(key, f);
                mine = true;
                computations++;
            }
        }
        if (mine) {
            try {
                f.complete(compute.get());
            } catch (RuntimeException | Error e) {
                f.completeExceptionally(e);
                synchronized (this) {
                    entries.remove(key, f);
                }
            }
        }
        try {
            return (T) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing " + key, e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }

    synchronized long computations() {
        return computations;
    }

    synchronized void clear() {
        entries.clear();
    }
}
