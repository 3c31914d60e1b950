package thumbstream.deploy;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import thumbstream.imaging.Budget;
import thumbstream.imaging.ThumbnailRenderer;
import thumbstream.progress.BoundedRocksDb;

/**
 * The memory model of docs/memory.md for one container: what must fit under its memory limit, line
 * by line, from the settings that decide each line (the limit, {@code -XX:MaxRAMPercentage}, the
 * render threads) and the bounds the code sets (native budget share, kept buffers, RocksDB cache).
 *
 * @param limitBytes      the container's memory limit
 * @param heapPercent     {@code -XX:MaxRAMPercentage}
 * @param renderThreads   {@code THUMBSTREAM_RENDER_THREADS}
 */
record MemoryModel(long limitBytes, double heapPercent, int renderThreads) {

    private static final long MIB = 1L << 20;

    /**
     * Metaspace, code cache, GC structures, thread stacks and the JVM's own malloc: 149 MB committed
     * outside the heap when the JVM exited after MemoryModelContainerIT's burst
     * (-XX:NativeMemoryTracking=summary, docs/memory.md), plus room for the code cache to grow.
     */
    static final long JVM_NON_HEAP_BYTES = 256 * MIB;

    /** RocksDB outside its cache: table readers, iterators, the offsets column family's memtable. */
    static final long ROCKSDB_OUTSIDE_CACHE_BYTES = 8 * MIB;

    /**
     * What the budgets do not see: malloc's arena slack (two arenas, MALLOC_ARENA_MAX=2), NIO's
     * cached direct buffers (at most 256 KiB a thread), JNA's and the codecs' small allocations.
     */
    static final long MALLOC_AND_DIRECT_BYTES = 64 * MIB;

    long heap() {
        return (long) (limitBytes * heapPercent / 100);
    }

    /** Every line, in bytes, in the order docs/memory.md lists them. */
    Map<String, Long> lines() {
        Map<String, Long> lines = new LinkedHashMap<>();
        lines.put("heap (MaxRAMPercentage)", heap());
        lines.put("native codec budget", (long) (heap() * Budget.DEFAULT_HEAP_SHARE));
        lines.put("buffers kept per render thread", renderThreads * ThumbnailRenderer.NATIVE_BYTES_KEPT_PER_THREAD);
        lines.put("RocksDB", BoundedRocksDb.TOTAL_BYTES + ROCKSDB_OUTSIDE_CACHE_BYTES);
        lines.put("JVM outside the heap", JVM_NON_HEAP_BYTES);
        lines.put("malloc arenas, direct buffers", MALLOC_AND_DIRECT_BYTES);
        return lines;
    }

    long total() {
        return lines().values().stream().mapToLong(Long::longValue).sum();
    }

    /** The lines as a table in MiB, for assertion messages. */
    String table() {
        StringBuilder out = new StringBuilder();
        lines().forEach((name, bytes) ->
                out.append(String.format(Locale.ROOT, "%n  %-32s %6d MiB", name, bytes / MIB)));
        out.append(String.format(
                Locale.ROOT,
                "%n  %-32s %6d MiB of %d MiB (%d MiB spare)",
                "total",
                total() / MIB,
                limitBytes / MIB,
                (limitBytes - total()) / MIB));
        return out.toString();
    }
}
