package thumbstream.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A small HTTP server for probes and scraping, on the JDK's built-in server (no framework needed
 * for a few read-only endpoints). Other parts add their own read-only endpoints with
 * {@link #route}.
 *
 * <p>Slow clients: the JDK server reads a request on an executor thread, so one connection that
 * sends a byte and stops used to hold the only thread, and {@code /healthz} missed its probe. Now
 * a pool of {@value #THREADS} named daemon threads serves requests, and the server closes a
 * connection whose request is not read within {@value #REQUEST_TIMEOUT_SECONDS} s or whose
 * response is not taken within {@value #RESPONSE_TIMEOUT_SECONDS} s (the JDK's
 * {@code sun.net.httpserver.maxReqTime}/{@code maxRspTime}, set here unless the operator set
 * them). Handlers must answer from memory: readiness reads a {@link BackgroundCheck}, never S3.
 *
 * <p>Probes have those threads to themselves: every other route ({@code /metrics} and what
 * {@link #route} adds) runs on {@link RouteWorkers}, at most {@value #WORK_THREADS} at once with
 * {@value #WORK_QUEUE} waiting, then {@code 503}. The server threads only read requests and
 * answer probes, so a flood of slow {@code /jobs} or status-page requests cannot make a probe wait.
 * (A per-path executor is not possible: the JDK server reads the request line on the executor's
 * thread, so nothing sees the path before a thread is taken.)
 */
public final class ManagementServer implements AutoCloseable {

    /** Server threads: they read every request and answer the probes. */
    static final int THREADS = 4;
    /** Threads for every route but the probes; a scrape and a page or two at once is the normal load. */
    static final int WORK_THREADS = 2;
    /** Requests for those routes that may wait for a thread before the rest are answered 503. */
    static final int WORK_QUEUE = 16;

    static final int REQUEST_TIMEOUT_SECONDS = 1;
    static final int RESPONSE_TIMEOUT_SECONDS = 5;

    static {
        // Read once by the JDK when the first HttpServer is made; values are seconds.
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", Integer.toString(REQUEST_TIMEOUT_SECONDS));
        }
        if (System.getProperty("sun.net.httpserver.maxRspTime") == null) {
            System.setProperty("sun.net.httpserver.maxRspTime", Integer.toString(RESPONSE_TIMEOUT_SECONDS));
        }
    }

    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService executor;
    private final RouteWorkers routes = new RouteWorkers(WORK_THREADS, WORK_QUEUE);

    /**
     * @param live  liveness: false means "restart me" (the poll loop is stuck or dead); must not block
     * @param ready readiness: false means "send no traffic / count me as not ready yet"; must not block
     */
    public ManagementServer(
            InetSocketAddress address, BooleanSupplier live, BooleanSupplier ready, PrometheusMeterRegistry registry)
            throws IOException {
        this.server = HttpServer.create(address, 64);
        this.executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "thumbstream-http-" + THREAD_NUMBER.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/healthz", ex -> probe(ex, live.getAsBoolean()));
        server.createContext("/readyz", ex -> probe(ex, ready.getAsBoolean()));
        server.createContext(
                "/metrics",
                routes.wrap(ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape())));
    }

    /**
     * Serves {@code path} and everything below it with {@code handler} (the JDK server's prefix
     * matching), e.g. {@code /jobs} for {@code /jobs/rebrand-2026}; a handler at {@code /} also gets
     * every path no other route claims, so it must answer 404 to those. Call before {@link #start()};
     * the handler runs on the small pool shared by every route but the probes (busy: {@code 503}),
     * so it should answer quickly.
     */
    public ManagementServer route(String path, HttpHandler handler) {
        server.createContext(path, routes.wrap(handler));
        return this;
    }

    public ManagementServer start() {
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        routes.close();
    }

    private static void probe(HttpExchange ex, boolean ok) throws IOException {
        respond(ex, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ok\n");
    }

    private static void respond(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
