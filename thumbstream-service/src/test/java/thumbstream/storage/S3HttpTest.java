package thumbstream.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;
import thumbstream.config.S3Settings;

/** The S3 client's sockets send small requests at once (no Nagle wait for a delayed ACK). */
class S3HttpTest {

    @Test
    void everySocketTheFactoryMakesHasTcpNoDelay() throws Exception {
        NoDelaySockets sockets = new NoDelaySockets();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket unconnected = sockets.createSocket();
                Socket connected = sockets.createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                Socket accepted = server.accept()) {
            assertThat(unconnected.getTcpNoDelay()).isTrue();
            assertThat(connected.getTcpNoDelay()).isTrue();
        }
    }

    @Test
    void theStoresHttpClientOpensItsConnectionsThroughThatFactory() {
        try (S3Http http = new S3Http(new S3Settings("http://127.0.0.1:9", "a", "b", "us-east-1", true), List.of())) {
            assertThat(http.client().socketFactory()).isInstanceOf(NoDelaySockets.class);
        }
    }
}
