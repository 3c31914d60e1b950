package thumbstream.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code thumbstream run} as a child JVM with this test JVM's class path, so fault tests can
 * SIGKILL or SIGTERM a real service process. Output goes to a log file named after the instance.
 * Processes are stopped by their own handle (PID), never by name.
 */
final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static ServiceProcess start(String name, Map<String, String> env) throws IOException {
        return start(name, env, "384m", "-XX:-ExitOnOutOfMemoryError");
    }

    /**
     * With a maximum heap of {@code maxHeap} ({@code -Xmx}, e.g. {@code 512m}) and the JVM flags
     * the image ships with ({@code -XX:+ExitOnOutOfMemoryError}): an OOM ends the process.
     */
    static ServiceProcess startAsShipped(String name, Map<String, String> env, String maxHeap) throws IOException {
        return start(name, env, maxHeap, "-XX:+ExitOnOutOfMemoryError");
    }

    /**
     * With extra JVM flags: a test build of the process, e.g. one that dies of a VM fatal error
     * when a given exception is thrown ({@code -XX:AbortVMOnException}).
     */
    static ServiceProcess startWithJvmFlags(String name, Map<String, String> env, List<String> jvmFlags)
            throws IOException {
        List<String> flags = new ArrayList<>(List.of("-Xmx384m", "-XX:-ExitOnOutOfMemoryError"));
        flags.addAll(jvmFlags);
        return start(name, env, flags);
    }

    /** Another {@code thumbstream} command than {@code run}, e.g. {@code backfill --bucket media …}. */
    static ServiceProcess command(String name, Map<String, String> env, List<String> args) throws IOException {
        return start(name, env, List.of("-Xmx384m", "-XX:-ExitOnOutOfMemoryError"), args);
    }

    private static ServiceProcess start(String name, Map<String, String> env, String maxHeap, String oomFlag)
            throws IOException {
        return start(name, env, List.of("-Xmx" + maxHeap, oomFlag));
    }

    private static ServiceProcess start(String name, Map<String, String> env, List<String> jvmFlags)
            throws IOException {
        return start(name, env, jvmFlags, List.of("run"));
    }

    private static ServiceProcess start(String name, Map<String, String> env, List<String> jvmFlags, List<String> args)
            throws IOException {
        Path log = Files.createTempFile("thumbstream-" + name + "-", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmFlags);
        command.addAll(List.of("-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "thumbstream.Main"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("THUMBSTREAM_") || k.startsWith("KAFKA_"));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return new ServiceProcess(name, pb.start(), log);
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no commit, no flush. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: what Kubernetes sends before the grace period. */
    void terminate() {
        process.destroy();
    }

    boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    int exitValue() {
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The whole log so far. */
    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill9();
        }
    }

    @Override
    public String toString() {
        return name + "(pid " + pid() + ", log " + log + File.separator + ")";
    }
}
