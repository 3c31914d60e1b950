package thumbstream.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Peak heap and peak resident memory of this process over one measurement.
 *
 * <p>Heap: sampled every 10 ms on a daemon thread (the used heap after a GC is not what matters;
 * the high-water mark between GCs is). RSS: the kernel's own high-water mark, VmHWM, reset at
 * the start by writing 5 to {@code /proc/self/clear_refs}; where that is refused, the sampled
 * VmRSS maximum. Both cover the whole JVM, so in the end-to-end bench they include the embedded
 * broker and S3 server.
 */
final class MemoryWatch implements AutoCloseable {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private final Thread sampler;
    private final boolean hwmReset;
    private volatile boolean running = true;
    private volatile long peakHeap;
    private volatile long peakRssSampled;

    MemoryWatch() {
        hwmReset = resetHighWaterMark();
        sampler = new Thread(this::sample, "thumbstream-bench-memory");
        sampler.setDaemon(true);
        sampler.start();
    }

    long peakHeapBytes() {
        return peakHeap;
    }

    long peakRssBytes() {
        long hwm = hwmReset ? statusKb("VmHWM:") * 1024 : 0;
        return Math.max(hwm, peakRssSampled);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.join();
    }

    private void sample() {
        while (running) {
            peakHeap = Math.max(peakHeap, MEMORY.getHeapMemoryUsage().getUsed());
            peakRssSampled = Math.max(peakRssSampled, statusKb("VmRSS:") * 1024);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return; // a daemon thread only stops here
            }
        }
    }

    private static boolean resetHighWaterMark() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A {@code kB} line of /proc/self/status, or 0 where there is none. */
    static long statusKb(String field) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: reported as 0
        }
        return 0;
    }
}
