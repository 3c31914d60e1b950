package thumbstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Peak heap and resident memory of a child JVM over one measurement, read without touching the
 * child (sampling it through HTTP or JMX would add to the CPU time being measured).
 *
 * <p>Heap: the child writes its GC log ({@code -Xlog:gc:file=...}); every collection logs
 * {@code BEFORE->AFTER(COMMITTED)}. The largest BEFORE is the heap's high-water mark (it only grows
 * between collections), the largest AFTER the live set. RSS: the kernel's VmHWM of the child,
 * reset at the start by writing 5 to its {@code clear_refs} (allowed for our own child).
 */
final class ChildMemory {

    private static final Pattern COLLECTION = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private final Path gcLog;
    private final long pid;
    private int linesBefore;

    ChildMemory(Path gcLog, long pid) {
        this.gcLog = gcLog;
        this.pid = pid;
    }

    /** Marks the start of a measurement. */
    void reset() {
        linesBefore = lines().size();
        try {
            Files.writeString(Path.of("/proc/" + pid + "/clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            // not Linux or refused: VmHWM then covers the child's whole life
        }
    }

    /** {peak heap before a collection, largest live set after one, collections} in bytes, since {@link #reset}. */
    long[] heapSinceReset() {
        List<String> lines = lines();
        long peak = 0;
        long live = 0;
        long collections = 0;
        for (String line : lines.subList(Math.min(linesBefore, lines.size()), lines.size())) {
            Matcher m = COLLECTION.matcher(line);
            if (m.find()) {
                peak = Math.max(peak, Long.parseLong(m.group(1)) << 20);
                live = Math.max(live, Long.parseLong(m.group(2)) << 20);
                collections++;
            }
        }
        return new long[] {peak, live, collections};
    }

    long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return 0;
    }

    private List<String> lines() {
        try {
            return Files.exists(gcLog) ? Files.readAllLines(gcLog) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
