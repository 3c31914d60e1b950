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

    /** One thread of the child: its group and the CPU it has used so far. */
    record Task(String group, long cpuNanos) {}

    /** Every thread of the child by its thread id; empty where /proc is missing. */
    static Map<Long, Task> snapshot(long pid) {
        Map<Long, Task> tasks = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : dirs.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                    tasks.put(Long.parseLong(task.getFileName().toString()), new Task(group(name), ticks * TICK_NANOS));
                } catch (IOException | RuntimeException e) {
                    // the thread ended while being read
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return tasks;
    }

    /**
     * CPU nanoseconds per group between two snapshots, thread by thread: a thread present in both
     * counts its difference, a new one all of its CPU. Pools retire idle threads (render and S3
     * threads after a minute): a thread that ended in between is missing from {@code after}, and
     * the CPU it used since {@code before} is lost, but it no longer cancels what other threads of
     * its group used (summing by group first did that).
     */
    static Map<String, Long> since(Map<Long, Task> before, Map<Long, Task> after) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((tid, task) -> {
            Task earlier = before.get(tid);
            long used = earlier == null ? task.cpuNanos() : Math.max(0, task.cpuNanos() - earlier.cpuNanos());
            out.merge(task.group(), used, Long::sum);
        });
        return out;
    }

    /**
     * The groups of the JIT compiler threads, C2 (optimizing) and C1 (quick), whose share tells when
     * the service has warmed up.
     */
    static final String JIT = "JIT compiler C2";

    static final String JIT_C1 = "JIT compiler C1";

    static boolean isJit(String group) {
        return group.startsWith("JIT compiler");
    }

    /** The share of the JIT compiler groups in {@code byGroup} (0 when empty). */
    static double jitShare(Map<String, Long> byGroup) {
        long total = byGroup.values().stream().mapToLong(Long::longValue).sum();
        long jit = byGroup.entrySet().stream()
                .filter(e -> isJit(e.getKey()))
                .mapToLong(Map.Entry::getValue)
                .sum();
        return total == 0 ? 0 : (double) jit / total;
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
        } else if (thread.startsWith("C2 ")) {
            return JIT;
        } else if (thread.startsWith("C1 ")) {
            return JIT_C1;
        } else if (thread.startsWith("GC ") || thread.startsWith("G1 ") || thread.equals("VM Thread")) {
            return "GC and VM";
        }
        return "other";
    }
}
