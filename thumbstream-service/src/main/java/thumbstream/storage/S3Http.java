package thumbstream.storage;

import java.util.List;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import thumbstream.config.S3Settings;

/**
 * The one HTTP client of an object store, and the threads it runs on.
 *
 * <p>The per-upload requests run on their caller's thread ({@link S3Calls}, OkHttp's blocking
 * call). The rest (bucket calls through the SDK's client) are OkHttp async calls, which OkHttp hands
 * to its dispatcher's executor. Here that executor belongs to us: at most {@code maxConnections} named
 * daemon threads, made only when no idle one is free and retired after a minute idle, so no call
 * starts a thread of its own.
 * The dispatcher admits {@code maxConnections} calls at once (OkHttp's default is 5 per host, far
 * below the service's concurrency) and the pool keeps as many connections alive.
 */
final class S3Http implements AutoCloseable {

    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final OkHttpClient client;
    private final ThreadPoolExecutor threads;

    /** @param networkInterceptors see every request that goes on the wire (tests count them) */
    S3Http(S3Settings settings, List<Interceptor> networkInterceptors) {
        int max = settings.maxConnections();
        String prefix = "thumbstream-s3-" + CLIENTS.incrementAndGet() + "-";
        AtomicInteger n = new AtomicInteger();
        // Grows only with calls actually in flight (an idle thread is reused before a new one is
        // made), at most max; beyond that, which the dispatcher's own limit makes rare, the call runs
        // on the thread that hands it over rather than failing.
        threads = new ThreadPoolExecutor(
                0,
                max,
                60,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(r, prefix + n.incrementAndGet());
                    t.setDaemon(true); // a request still running must not keep the JVM alive after close
                    return t;
                },
                new ThreadPoolExecutor.CallerRunsPolicy());
        Dispatcher dispatcher = new Dispatcher(threads);
        dispatcher.setMaxRequests(max);
        dispatcher.setMaxRequestsPerHost(max);
        long request = settings.requestTimeout().toMillis();
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .socketFactory(new NoDelaySockets())
                .connectionPool(new ConnectionPool(max, 5, TimeUnit.MINUTES))
                .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(request, TimeUnit.MILLISECONDS)
                .writeTimeout(request, TimeUnit.MILLISECONDS)
                .callTimeout(request, TimeUnit.MILLISECONDS);
        builder.addNetworkInterceptor(new AbortUnreadBodies()); // first: it sees what the caller reads
        networkInterceptors.forEach(builder::addNetworkInterceptor);
        client = builder.build();
    }

    OkHttpClient client() {
        return client;
    }

    @Override
    public void close() {
        threads.shutdown();
        client.connectionPool().evictAll();
    }
}
