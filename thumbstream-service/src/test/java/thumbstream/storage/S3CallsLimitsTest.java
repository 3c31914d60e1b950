package thumbstream.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import thumbstream.config.S3Settings;

/**
 * The limits the store's HTTP client enforces hold for requests run on the caller's thread too:
 * the request timeout, and at most {@code maxConnections} requests in flight. A server that
 * accepts connections and never answers makes both visible.
 */
class S3CallsLimitsTest {

    @Test
    void aSilentServerTimesOutEachCallAndSeesAtMostMaxConnectionsAtOnce() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new CopyOnWriteArrayList<>();
            List<Long> acceptedAt = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(server.accept()); // read nothing, answer nothing
                        acceptedAt.add(System.nanoTime());
                    }
                } catch (Exception e) {
                    // closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            S3Settings settings = new S3Settings(
                    "http://127.0.0.1:" + server.getLocalPort(),
                    "key",
                    "secret",
                    "us-east-1",
                    true,
                    2,
                    Duration.ofSeconds(2),
                    Duration.ofMillis(800));
            ExecutorService callers = Executors.newFixedThreadPool(3);
            try (MinioObjectStore store = new MinioObjectStore(settings)) {
                // when three threads stat at once
                long start = System.nanoTime();
                AtomicInteger transientFailures = new AtomicInteger();
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    int n = i;
                    calls.add(callers.submit(() -> {
                        try {
                            store.stat("media", "k" + n);
                        } catch (StorageException e) {
                            if (e.kind() == StorageException.Kind.TRANSIENT) {
                                transientFailures.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> call : calls) {
                    call.get();
                }
                double seconds = (System.nanoTime() - start) / 1e9;

                // then the server saw two connections before the first timeout, the third only after
                assertThat(accepted).hasSize(3);
                long early = acceptedAt.stream()
                        .filter(t -> t - start < Duration.ofMillis(600).toNanos())
                        .count();
                assertThat(early).isEqualTo(2);
                // and every call failed transient on its timeout: two rounds of 0.8 s, not minutes
                assertThat(transientFailures).hasValue(3);
                assertThat(seconds).isBetween(1.4, 5.0);
            } finally {
                callers.shutdownNow();
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }
}
