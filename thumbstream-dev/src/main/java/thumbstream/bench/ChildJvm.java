package thumbstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code thumbstream} command in a JVM of its own, with this JVM's class path: the end-to-end
 * bench runs the broker + S3 server and the service as separate processes, as users run them, so
 * the service's CPU time is its own. Output goes to a log file. Stopped by its own handle (PID).
 */
final class ChildJvm implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * {@code thumbstream infra} (broker and S3 server on ephemeral ports) as a child process, its
     * data under {@code dataDir/infra}, its log in {@code dataDir/infra.log}; read its environment
     * with {@link #awaitExports}.
     */
    static ChildJvm infra(Path dataDir) throws IOException {
        return start(
                "infra",
                List.of("-Xmx1g"),
                List.of(
                        "infra",
                        "--kafka-port",
                        "0",
                        "--s3-port",
                        "0",
                        "--data",
                        dataDir.resolve("infra").toString()),
                Map.of(),
                dataDir.resolve("infra.log"));
    }

    static ChildJvm start(String name, List<String> jvmArgs, List<String> args, Map<String, String> env, Path log)
            throws IOException {
        return start(name, thisJava(), System.getProperty("java.class.path"), jvmArgs, args, env, log);
    }

    /** This JVM's own java launcher. */
    static String thisJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** As {@link #start(String, List, List, Map, Path)}, with another {@code java} launcher and class path. */
    static ChildJvm start(
            String name,
            String java,
            String classPath,
            List<String> jvmArgs,
            List<String> args,
            Map<String, String> env,
            Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classPath);
        command.add("thumbstream.Main");
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("THUMBSTREAM_") || k.startsWith("KAFKA_"));
        pb.environment().putAll(env);
        Files.createDirectories(log.getParent());
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return new ChildJvm(name, pb.start(), log);
    }

    long pid() {
        return process.pid();
    }

    /** User + system CPU time of the process so far (all its threads: GC and JIT included). */
    long cpuNanos() {
        return process.toHandle()
                .info()
                .totalCpuDuration()
                .map(Duration::toNanos)
                .orElse(0L);
    }

    /** Waits for the {@code export K=V} lines {@code thumbstream infra} prints once it is up. */
    Map<String, String> awaitExports(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            if (lines.stream().anyMatch(l -> l.startsWith("# Ctrl-C"))) {
                Map<String, String> env = new LinkedHashMap<>();
                for (String line : lines) {
                    if (line.startsWith("export ") && line.contains("=")) {
                        String kv = line.substring("export ".length());
                        env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                    }
                }
                return env;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log " + log);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " did not come up within " + timeout + "; log " + log);
    }

    void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log " + log);
        }
    }

    /** SIGTERM, then SIGKILL if it has not stopped within 60 s. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ", log " + log + ")";
    }
}
