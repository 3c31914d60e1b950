package thumbstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus server (Debian's {@code prometheus} package, which {@code .ci/run} installs)
 * scraping one target, for tests that check queries against what a service really exports. It
 * binds 127.0.0.1 on a free port, keeps its TSDB in the given directory, and is stopped by its
 * process id on {@link #close}.
 */
final class PrometheusServer implements AutoCloseable {

    static final String INSTALL = "apt-get install --no-install-recommends prometheus";
    /** The scrape job of the generated configuration: what {@code job} is in every series. */
    static final String JOB = "thumbstream";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The prometheus executable on PATH; else the test is skipped, or fails on CI. */
    static Path binary() {
        Optional<Path> found = List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "prometheus"))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty() && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("prometheus is not on PATH and CI=true: " + INSTALL);
        }
        Assumptions.assumeTrue(found.isPresent(), "prometheus is not on PATH: skipping (" + INSTALL + ")");
        return found.get();
    }

    /** Starts Prometheus scraping {@code targets} (host:port, path /metrics) every {@code interval}. */
    static PrometheusServer start(Path binary, Path dir, List<String> targets, Duration interval) throws Exception {
        String target = String.join("\", \"", targets);
        Path config = dir.resolve("prometheus.yml");
        String seconds = interval.toSeconds() + "s";
        Files.writeString(config, """
                global:
                  scrape_interval: %s
                  evaluation_interval: %s
                scrape_configs:
                  - job_name: %s
                    metrics_path: /metrics
                    static_configs:
                      - targets: ["%s"]
                """.formatted(seconds, seconds, JOB, target));
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(
                        binary.toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        PrometheusServer server = new PrometheusServer(process, port, log);
        try {
            server.awaitReady();
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("prometheus exited with " + process.exitValue() + ":\n" + logText());
            }
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // it opens its port after loading the TSDB
            }
            Thread.sleep(200);
        }
        throw new AssertionError("prometheus not ready within " + START_TIMEOUT + ":\n" + logText());
    }

    /**
     * Evaluates {@code expr} now ({@code /api/v1/query}) and returns {@code data.result}. A query
     * Prometheus rejects (a syntax error, an unknown function) fails at once: waiting cannot mend it.
     */
    JsonNode query(String expr) throws Exception {
        HttpResponse<String> response = get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
        JsonNode body = JSON.readTree(response.body());
        if (!"success".equals(body.path("status").asText())) {
            throw new AssertionError("prometheus rejected " + expr + ": "
                    + body.path("errorType").asText() + ": "
                    + body.path("error").asText());
        }
        return body.path("data").path("result");
    }

    /** What the server printed so far, for failure messages. */
    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Stops this process by its id: SIGTERM, then SIGKILL if it has not exited within 10 s. */
    @Override
    public void close() throws InterruptedException {
        ProcessHandle handle = process.toHandle(); // this pid, and only while it is this process
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            handle.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
