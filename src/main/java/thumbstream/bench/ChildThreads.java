package thumbstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of a child process by thread group, from the kernel's per-thread accounting
 * ({@code /proc/PID/task/TID/stat}, utime + stime). Sampling profilers miss most of a busy JVM on
 * an overloaded machine; these counters do not. Thread names are the kernel's (15 characters).
 */
final class ChildThreads {

    /** Clock ticks per second of /proc's utime and stime: USER_HZ, 100 on Linux. */
    private static final long TICK_NANOS = 10_000_000L;

    private ChildThreads() {}

    /** CPU nanoseconds per thread group so far; empty where /proc is missing. */
    static Map<String, Long> snapshot(long pid) {
        Map<String, Long> groups = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                    groups.merge(group(name), ticks * TICK_NANOS, Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended while being read
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return groups;
    }

    /** {@code after - before} per group (threads that ended in between are lost, so never negative). */
    static Map<String, Long> since(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((k, v) -> out.put(k, Math.max(0, v - before.getOrDefault(k, 0L))));
        return out;
    }

    /** The group of the JIT compiler threads, whose share tells when the service has warmed up. */
    static final String JIT = "JIT compiler";

    static boolean isJit(String thread) {
        return thread.startsWith("C1 ") || thread.startsWith("C2 ");
    }

    /** The share of {@link #JIT} in {@code byGroup} (0 when empty). */
    static double jitShare(Map<String, Long> byGroup) {
        long total = byGroup.values().stream().mapToLong(Long::longValue).sum();
        return total == 0 ? 0 : (double) byGroup.getOrDefault(JIT, 0L) / total;
    }

    static String group(String thread) {
        if (thread.startsWith("thumbstream-wor")) {
            return "workers (fetch, store, result)";
        } else if (thread.startsWith("thumbstream-ren")) {
            return "render threads";
        } else if (thread.startsWith("thumbstream-s3")) {
            return "S3 client (OkHttp)";
        } else if (thread.startsWith("thumbstream-pol")) {
            return "poll loop";
        } else if (thread.contains("StreamThread") || thread.startsWith("thumbstream-ben")) {
            return "progress topology (Kafka Streams)";
        } else if (thread.startsWith("kafka-producer")) {
            return "Kafka producers";
        } else if (thread.startsWith("kafka-")) {
            return "other Kafka client threads";
        } else if (isJit(thread)) {
            return JIT;
        } else if (thread.startsWith("GC ") || thread.startsWith("G1 ") || thread.equals("VM Thread")) {
            return "GC and VM";
        }
        return "other";
    }
}
