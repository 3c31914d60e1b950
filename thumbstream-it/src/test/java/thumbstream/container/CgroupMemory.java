package thumbstream.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A container's memory as its cgroup counts it (what the kernel compares with the limit), read on
 * the host where the engine runs: cgroup v1 ({@code /sys/fs/cgroup/memory/docker/ID}, what this
 * project's engine uses) or v2 ({@code /sys/fs/cgroup/system.slice/docker-ID.scope}).
 */
final class CgroupMemory {

    private final Path dir;
    private final boolean v1;

    CgroupMemory(String containerId) {
        Path v1Dir = Path.of("/sys/fs/cgroup/memory/docker", containerId);
        Path v2Dir = Path.of("/sys/fs/cgroup/system.slice", "docker-" + containerId + ".scope");
        if (Files.isDirectory(v1Dir)) {
            dir = v1Dir;
            v1 = true;
        } else if (Files.isDirectory(v2Dir)) {
            dir = v2Dir;
            v1 = false;
        } else {
            throw new IllegalStateException("no cgroup of container " + containerId + " under " + v1Dir + " or " + v2Dir
                    + ": the engine must run on this host");
        }
    }

    private long maxUsage;
    private long failCount = -1;

    /**
     * Reads the counters; call it while the container runs (its cgroup goes with it), e.g. each
     * time {@link #rss} is sampled. Counters of the last successful read are kept.
     */
    void sample() {
        try {
            maxUsage = number(v1 ? "memory.max_usage_in_bytes" : "memory.peak");
            failCount = v1 ? number("memory.failcnt") : -1;
        } catch (UncheckedIOException e) {
            // the container is gone: keep what was read last
        }
    }

    /** The most the cgroup held since the container started (as last sampled), page cache included. */
    long maxUsage() {
        return maxUsage;
    }

    /** How often the cgroup hit its limit and had to reclaim (v1, as last sampled); -1 where not counted. */
    long failCount() {
        return failCount;
    }

    /** Anonymous memory (heap, native buffers, stacks) right now, in bytes; 0 when unreadable. */
    long rss() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("memory.stat"));
            String key = v1 ? "total_rss " : "anon ";
            return lines.stream()
                    .filter(l -> l.startsWith(key))
                    .mapToLong(l -> Long.parseLong(l.substring(key.length()).strip()))
                    .findFirst()
                    .orElse(0);
        } catch (IOException e) {
            return 0; // the container is gone
        }
    }

    private long number(String file) {
        try {
            return Long.parseLong(Files.readString(dir.resolve(file)).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
