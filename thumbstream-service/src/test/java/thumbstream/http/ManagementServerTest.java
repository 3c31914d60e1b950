package thumbstream.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Probes answer whatever other clients and dependencies do. */
class ManagementServerTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private HttpResponse<String> get(ManagementServer server, String path) throws Exception {
        return get(server, path, Duration.ofSeconds(1));
    }

    private HttpResponse<String> get(ManagementServer server, String path, Duration timeout) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .timeout(timeout)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Opens a connection and sends one byte of a request line, then nothing. */
    private static Socket slowClient(ManagementServer server) throws Exception {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
        OutputStream out = s.getOutputStream();
        out.write('G');
        out.flush();
        return s;
    }

    @Test
    void healthzAnswersWhileSlowClientsHoldConnectionsOpen() throws Exception {
        try (ManagementServer server = new ManagementServer(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), () -> true, () -> true, registry)
                .start()) {
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < ManagementServer.THREADS - 1; i++) {
                    slow.add(slowClient(server));
                }
                // The 1 s client timeout is the probe's budget: waiting for a held thread fails it.
                for (int i = 0; i < 5; i++) {
                    assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
                }
                for (int i = 0; i < 3; i++) {
                    slow.add(slowClient(server));
                }
                // More slow clients than threads: the request timeout frees the threads.
                await().atMost(Duration.ofSeconds(10))
                        .ignoreExceptions()
                        .until(() -> get(server, "/healthz").statusCode() == 200);
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
        }
    }

    @Test
    void probesAnswerWhileEveryOtherRouteIsStuckInSlowHandlers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger entered = new AtomicInteger();
        HttpClient patient = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(1))
                .executor(Executors.newCachedThreadPool())
                .build();
        List<CompletableFuture<HttpResponse<Void>>> stuck = new ArrayList<>();
        try (ManagementServer server = new ManagementServer(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), () -> true, () -> true, registry)
                .route("/slow", ex -> {
                    // Stands in for a /jobs, /metrics or status page answer that takes long.
                    entered.incrementAndGet();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    ex.sendResponseHeaders(204, -1);
                    ex.close();
                })
                .start()) {
            // Far more slow requests than the server has threads of any kind.
            for (int i = 0; i < 4 * ManagementServer.THREADS + 8; i++) {
                stuck.add(patient.sendAsync(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/slow"))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.discarding()));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> entered.get() > 0);
            Thread.sleep(300); // let the rest of the flood arrive

            for (int i = 0; i < 5; i++) {
                long started = System.nanoTime();
                HttpResponse<String> healthz = get(server, "/healthz", Duration.ofSeconds(2));
                HttpResponse<String> readyz = get(server, "/readyz", Duration.ofSeconds(2));

                assertThat(healthz.statusCode()).isEqualTo(200);
                assertThat(readyz.statusCode()).isEqualTo(200);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            }
            assertThat(entered.get())
                    .as("slow handlers running at once: bounded, not one per request")
                    .isLessThanOrEqualTo(ManagementServer.WORK_THREADS);
            // Beyond the threads and the queue, requests are turned away at once, not held.
            await().atMost(Duration.ofSeconds(2))
                    .until(() -> stuck.stream()
                            .anyMatch(f -> f.isDone()
                                    && !f.isCompletedExceptionally()
                                    && f.join().statusCode() == 503));
        } finally {
            release.countDown();
            stuck.forEach(f -> f.cancel(true));
        }
    }

    @Test
    void readinessComesFromABackgroundCheckEvenWhenTheCheckHangs() throws Exception {
        CountDownLatch hang = new CountDownLatch(1);
        AtomicBoolean answered = new AtomicBoolean();
        try (BackgroundCheck check = new BackgroundCheck(
                        "test-check",
                        () -> {
                            if (answered.getAndSet(true)) {
                                try {
                                    hang.await(); // the second check never returns
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                            return true;
                        },
                        Duration.ofMillis(100));
                ManagementServer server = new ManagementServer(
                                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                                () -> true,
                                check::passing,
                                registry)
                        .start()) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> get(server, "/readyz").statusCode() == 200);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> get(server, "/readyz").statusCode() == 503);
            assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
        } finally {
            hang.countDown();
        }
        assertThat(hang.await(0, TimeUnit.SECONDS)).isTrue();
    }
}
