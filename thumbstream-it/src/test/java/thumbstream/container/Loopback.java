package thumbstream.container;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.function.Consumer;

/**
 * Ports published on the host's 127.0.0.1 only. Testcontainers publishes on every interface with a
 * port Docker picks at start; here the host port is picked before start instead, which lets a
 * broker advertise it up front and keeps it across a container restart.
 */
final class Loopback {

    private Loopback() {}

    /** A port free on 127.0.0.1 right now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A create-command modifier publishing {@code containerPort} as 127.0.0.1:{@code hostPort},
     * replacing Testcontainers' own bindings, and capping the container's memory (the image sizes
     * its heap from that limit, as it would in Kubernetes).
     */
    static Consumer<CreateContainerCmd> publish(int hostPort, int containerPort, long memoryBytes) {
        return cmd -> {
            cmd.withExposedPorts(ExposedPort.tcp(containerPort));
            cmd.getHostConfig()
                    .withPortBindings(new PortBinding(
                            Ports.Binding.bindIpAndPort("127.0.0.1", hostPort), ExposedPort.tcp(containerPort)))
                    .withMemory(memoryBytes);
        };
    }
}
