package thumbstream.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import thumbstream.event.JobAnnouncement;

@Timeout(30)
class JobWatcherTest {

    private static final Instant AT = Instant.parse("2026-11-23T07:00:00Z");

    private HttpServer server;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void pollsUntilTheJobIsDoneThroughNotFoundAndRunning() throws Exception {
        Deque<Object> answers = new ArrayDeque<>();
        answers.add(404);
        answers.add(progress(2, 1));
        answers.add(progress(2, 2));
        URI url = serve(answers);

        JobReport report = watcher(url, null).await();

        assertThat(report.finished()).isTrue();
        assertThat(report.done()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("not seen yet")
                .contains("[###############...............] 1/2  50.0%")
                .contains("2/2 100.0%");
    }

    @Test
    void givesUpAfterTheTimeout() throws Exception {
        Deque<Object> answers = new ArrayDeque<>();
        for (int i = 0; i < 100; i++) {
            answers.add(404);
        }
        URI url = serve(answers);

        assertThatThrownBy(() -> watcher(url, Duration.ofMillis(300)).await())
                .isInstanceOf(JobWatcher.WatchException.class)
                .hasMessageContaining("not done");
    }

    @Test
    void describesRateAndTimeLeft() {
        JobReport report = JobReport.of(progress(1000, 250));

        assertThat(JobWatcher.describe(report))
                .isEqualTo(
                        "[#######.......................] 250/1,000  25.0%  25.1/s  ETA 30s  (completed 250, skipped 0, failed 0)");
    }

    private static JobProgress progress(long total, int completed) {
        JobProgress p = JobProgress.empty("job")
                .announced(JobAnnouncement.started("job", "media", "", AT).finished(total, AT));
        for (int i = 0; i < completed; i++) {
            p = p.replaced(
                    null,
                    new JobInput.Result("job", "media", "k" + i, "completed", null, null, AT.plusMillis(i * 40L)),
                    AT.plusMillis(i * 40L));
        }
        return p;
    }

    private JobWatcher watcher(URI url, Duration timeout) {
        return new JobWatcher(
                url,
                "job",
                new ProgressLine(new PrintStream(err, true, StandardCharsets.UTF_8), false, 0),
                Duration.ofMillis(20),
                timeout);
    }

    /** Answers each request with the next answer: a status code, or a progress served as a 200 report. */
    private URI serve(Deque<Object> answers) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jobs/job", ex -> {
            Object next = answers.size() > 1 ? answers.poll() : answers.peek();
            byte[] body = next instanceof JobProgress p
                    ? thumbstream.event.EventJson.mapper().writeValueAsBytes(JobReport.of(p))
                    : new byte[0];
            ex.sendResponseHeaders(next instanceof Integer code ? code : 200, body.length == 0 ? -1 : body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }
}
