package thumbstream.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded pool that runs every route but the probes, so that slow or flooded {@code /jobs},
 * {@code /metrics} or status-page requests never hold the threads that answer {@code /healthz} and
 * {@code /readyz}.
 *
 * <p>Why handlers and not the server's executor: the JDK server hands its executor a task that
 * reads the request line itself, so an executor cannot tell a probe from anything else. Instead
 * the server's own threads read each request (bounded by its request timeout) and answer probes
 * inline; a {@link #wrap wrapped} handler only queues the exchange here and returns. At most
 * {@code threads} handlers run at once and {@code queue} wait; beyond that a request is answered
 * {@code 503} with {@code Retry-After} at once, from the server thread, without running its handler.
 *
 * <p>Thread ownership: the exchange passes to a worker thread, which completes and closes it.
 */
final class RouteWorkers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RouteWorkers.class);
    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    private final ThreadPoolExecutor pool;

    RouteWorkers(int threads, int queue) {
        this.pool = new ThreadPoolExecutor(
                threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue), r -> {
                    Thread t = new Thread(r, "thumbstream-http-route-" + THREAD_NUMBER.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** {@code handler}, run on this pool instead of the server thread that read the request. */
    HttpHandler wrap(HttpHandler handler) {
        return ex -> {
            try {
                pool.execute(() -> run(handler, ex));
            } catch (RejectedExecutionException full) {
                busy(ex);
            }
        };
    }

    private static void run(HttpHandler handler, HttpExchange ex) {
        try {
            handler.handle(ex);
        } catch (IOException | RuntimeException e) {
            LOG.debug("management request {} failed", ex.getRequestURI().getRawPath(), e);
            if (ex.getResponseCode() == -1) {
                try {
                    ex.sendResponseHeaders(500, -1);
                } catch (IOException ignored) {
                    // the client is gone; the close below drops the connection
                }
            }
        } finally {
            ex.close(); // a handler that already closed the body makes this a no-op
        }
    }

    private static void busy(HttpExchange ex) throws IOException {
        byte[] body = "busy, retry later\n".getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.getResponseHeaders().set("Retry-After", "1");
        ex.sendResponseHeaders(503, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow(); // handlers answer from memory: nothing to drain
    }
}
