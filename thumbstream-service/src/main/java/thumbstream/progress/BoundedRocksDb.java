package thumbstream.progress;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the native memory of the progress topology's RocksDB stores: one block cache for every
 * store of this JVM, with their memtables (write buffers) counted in it, so the whole of RocksDB's
 * caching fits in {@value #TOTAL_BYTES} bytes however many stores, column families and Kafka
 * Streams instances there are. Set as {@code rocksdb.config.setter} by {@link ProgressStreamsConfig}.
 *
 * <p>Why: Kafka Streams' default gives each store its own 50 MiB block cache and up to three
 * 16 MiB memtables (RocksDBStore in kafka-streams 4.3): about 200 MiB for the two stores here,
 * outside the heap, where the container's memory limit does not raise an exception but kills the
 * pod. Progress is a few hundred bytes per job and per counted object; a small cache costs only
 * reads from the page cache. The figure is a line of the memory model (docs/memory.md).
 *
 * <p>The cache and the write buffer manager are created once per JVM, on first use, and never
 * closed: every store shares them, including the stores of a Kafka Streams instance that replaces
 * a failed one. Kafka Streams creates one instance of this class per store, by reflection.
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {

    /** Block cache of all stores together, memtables included. */
    public static final long TOTAL_BYTES = 16L << 20;

    /** Of {@link #TOTAL_BYTES}, what memtables may take before RocksDB flushes one. */
    static final long MEMTABLE_BYTES = 8L << 20;

    /** One memtable's size; RocksDB's write buffer manager keeps their sum within {@link #MEMTABLE_BYTES}. */
    static final long WRITE_BUFFER_BYTES = 2L << 20;

    static final int MAX_WRITE_BUFFERS = 2;

    /** Share of the cache kept for index and filter blocks, so data blocks cannot push them out. */
    private static final double HIGH_PRIORITY_RATIO = 0.1;

    /** Stores this JVM configured so, by name; for tests and the start-up check. */
    private static final Set<String> CONFIGURED = ConcurrentHashMap.newKeySet();

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        CONFIGURED.add(storeName);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(Shared.CACHE);
        // Index and filter blocks in the cache too, so they are bounded by it (by default RocksDB
        // keeps them on the side, growing with the data).
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(Shared.WRITE_BUFFERS);
        options.setWriteBufferSize(WRITE_BUFFER_BYTES);
        options.setMaxWriteBufferNumber(MAX_WRITE_BUFFERS);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by every store: never closed here.
    }

    /** Names of the stores that were given the shared cache in this JVM. */
    static Set<String> configuredStores() {
        return Set.copyOf(CONFIGURED);
    }

    /** Bytes the shared cache holds right now: cached blocks and memtables' reservations. */
    static long cacheUsage() {
        return Shared.CACHE.getUsage();
    }

    /** Created on first use, so a JVM that runs no topology loads no RocksDB. */
    private static final class Shared {
        static final Cache CACHE = new LRUCache(TOTAL_BYTES, -1, false, HIGH_PRIORITY_RATIO);
        static final WriteBufferManager WRITE_BUFFERS = new WriteBufferManager(MEMTABLE_BYTES, CACHE);
    }
}
