package thumbstream.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A body closed after its first bytes ends the transfer there; without the interceptor OkHttp
 * reads on for up to 100 ms to keep the connection, which on loopback is most of a large body.
 */
class AbortUnreadBodiesTest {

    private static final long BODY = 512L << 20;

    private HttpServer server;
    private final CompletableFuture<Long> served = new CompletableFuture<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/big", exchange -> {
            byte[] chunk = new byte[64 << 10];
            long written = 0;
            exchange.sendResponseHeaders(200, BODY);
            try (OutputStream out = exchange.getResponseBody()) {
                while (written < BODY) {
                    out.write(chunk);
                    written += chunk.length;
                }
            } catch (IOException e) {
                // the client went away
            } finally {
                served.complete(written);
            }
        });
        server.createContext("/small", exchange -> {
            byte[] body = "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void aBodyClosedAfterItsFirstBytesStopsTheTransfer() throws Exception {
        OkHttpClient client = new OkHttpClient.Builder()
                .addNetworkInterceptor(new AbortUnreadBodies())
                .build();

        try (Response response =
                client.newCall(new Request.Builder().url(url("/big")).build()).execute()) {
            InputStream body = response.body().byteStream();
            assertThat(body.readNBytes(64 << 10)).hasSize(64 << 10);
        }

        // what the server got out before the socket closed: its buffers and the client's, not the
        // 512 MiB (nor the tens of MiB a 100 ms drain reads on loopback)
        long written = served.get(10, TimeUnit.SECONDS);
        assertThat(written).isLessThan(32L << 20);
    }

    @Test
    void aBodyReadToItsEndKeepsItsConnection() throws Exception {
        OkHttpClient client = new OkHttpClient.Builder()
                .addNetworkInterceptor(new AbortUnreadBodies())
                .build();

        for (int i = 0; i < 3; i++) {
            try (Response response = client.newCall(
                            new Request.Builder().url(url("/small")).build())
                    .execute()) {
                assertThat(response.body().string()).isEqualTo("hello");
            }
        }

        assertThat(client.connectionPool().connectionCount()).isEqualTo(1);
    }
}
