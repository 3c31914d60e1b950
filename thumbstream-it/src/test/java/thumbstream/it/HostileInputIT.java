package thumbstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import thumbstream.ThumbstreamService;
import thumbstream.config.S3Settings;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.event.EventJson;
import thumbstream.event.FailureReason;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.ThumbnailEvent.Status;
import thumbstream.event.UploadEvent;
import thumbstream.storage.MinioClients;
import thumbstream.testing.HostileFiles;
import thumbstream.testkit.DevInfrastructure;
import thumbstream.testkit.ResultsReader;

/**
 * Hostile producers, huge objects and slow clients (issue 10) against a real service process
 * ({@code -Xmx512m}, flags as shipped) on the real broker and S3 server. Every hostile record sits
 * between good uploads on one partition: every good upload must complete, the process must stay
 * alive, and the bucket must hold exactly what it should.
 *
 * <p>Left to the pipeline's own ITs (helper 10a): the 1,048,300-byte value and the notification
 * with 10,000 records.
 */
class HostileInputIT {

    private static final long BIG = 200L * 1024 * 1024;
    private static final List<String> RENDITIONS = List.of("small", "medium"); // the defaults

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @Test
    void hostileRecordsNeitherStallNorCrashNorMisuseTheService() throws Exception {
        Scenario s = new Scenario("hostile", 1);
        MinioClient s3 = MinioClients.create(s.config.s3());
        String bucket = DevInfrastructure.BUCKET;
        String privateBucket = "private-" + UUID.randomUUID().toString().substring(0, 8);
        s.store.ensureBucket(privateBucket);
        byte[] jpeg = TestImages.jpeg(96, 64);
        s.store.put(privateBucket, "secret.jpg", jpeg, "image/jpeg", Map.of());

        List<String> good = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            good.add(s.prefix + "good-" + i + ".jpg");
            s.store.put(bucket, good.get(i), jpeg, "image/jpeg", Map.of());
        }
        String live = s.prefix + "live.jpg";
        s.store.put(bucket, live, jpeg, "image/jpeg", Map.of());
        String scans = s.prefix + "scans.jpg";
        s.store.put(bucket, scans, HostileFiles.progressiveJpegWithScans(2048, 2048, 3000), "image/jpeg", Map.of());
        List<String> bigKeys = uploadBigObjects(s3, bucket, s.prefix);
        try {
            runHostileRecords(s, s3, bucket, privateBucket, good, live, scans, bigKeys);
        } finally {
            for (String big : bigKeys) { // 800 MB on the shared S3 server's disk
                s3.removeObject(
                        RemoveObjectArgs.builder().bucket(bucket).object(big).build());
            }
        }
    }

    private void runHostileRecords(
            Scenario s,
            MinioClient s3,
            String bucket,
            String privateBucket,
            List<String> good,
            String live,
            String scans,
            List<String> bigKeys)
            throws Exception {

        // What each hostile record must end as, by key, in the order they are sent.
        Map<String, FailureReason> hostile = new LinkedHashMap<>();
        hostile.put(s.prefix + "k".repeat(400_000) + ".jpg", FailureReason.INVALID_EVENT);
        hostile.put(s.prefix + "sub/../good-0.jpg", FailureReason.INVALID_EVENT);
        hostile.put(s.prefix + "../" + s.prefix + "good-1.jpg", FailureReason.INVALID_EVENT);
        hostile.put(s.prefix + "line\nbreak.jpg", FailureReason.INVALID_EVENT);
        hostile.put(s.prefix + "nul\u0000.jpg", FailureReason.INVALID_EVENT);
        hostile.put("other-prefix/" + s.prefix + "good-2.jpg", FailureReason.FORBIDDEN);
        hostile.put(scans, FailureReason.TOO_LARGE);

        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Map<String, String> env = s.env(Map.of(
                "THUMBSTREAM_BUCKETS",
                bucket + "/" + s.prefix,
                "THUMBSTREAM_HTTP_BIND",
                "127.0.0.1",
                "THUMBSTREAM_HTTP_PORT",
                Integer.toString(port),
                "THUMBSTREAM_RENDER_TIMEOUT",
                "20s"));
        try (ServiceProcess service = ServiceProcess.startAsShipped("hostile", env, "512m");
                RawPublisher publisher = new RawPublisher(
                        s.config.bootstrapServers(), s.config.topics().uploads());
                ResultsReader reader = new ResultsReader(
                        s.config.bootstrapServers(), s.config.topics().results())) {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> status(port, "/healthz") == 200);
            int next = 0;
            publish(publisher, created(bucket, good.get(next++)));
            publish(publisher, created(bucket, live));
            for (Map.Entry<String, FailureReason> h : hostile.entrySet()) {
                publish(publisher, created(bucket, h.getKey()));
                publish(publisher, created(bucket, good.get(next++)));
            }
            publish(publisher, created(privateBucket, "secret.jpg"));
            publish(publisher, removed(bucket, live)); // forged: live.jpg is still there
            publish(publisher, created(bucket, good.get(next++)));
            for (String big : bigKeys) {
                publish(publisher, created(bucket, big)); // four at once: 4 in flight per partition
            }
            while (next < good.size()) {
                publish(publisher, created(bucket, good.get(next++)));
            }

            // While the big objects are handled: a client that sends one byte and stops.
            try (Socket slow = slowClient(port)) {
                for (int i = 0; i < 5; i++) {
                    assertThat(status(port, "/healthz"))
                            .as("/healthz within 1 s, a slow client connected")
                            .isEqualTo(200);
                }
            }

            int expected = good.size() + 2 + hostile.size() + 1 + bigKeys.size();
            List<ThumbnailEvent> results = reader.readUntil(r -> r.size() >= expected, Scenario.LONG, r -> {});
            for (ThumbnailEvent r : results) { // the figures of the closing note
                System.out.printf(
                        "hostile-input result: %-9s %-18s %6d ms  %s/%s%n",
                        r.status(),
                        r.error() == null ? "" : r.error().reason().code(),
                        r.durationMs(),
                        r.bucket(),
                        abbreviate(String.valueOf(r.key()).replace("\n", "\\n").replace("\u0000", "\\0")));
            }

            assertThat(service.isAlive())
                    .as("service alive:%n%s", service.logTail())
                    .isTrue();
            Map<String, List<ThumbnailEvent>> byKey = new HashMap<>();
            results.forEach(r -> byKey.computeIfAbsent(r.bucket() + "/" + r.key(), k -> new CopyOnWriteArrayList<>())
                    .add(r));
            for (String key : good) {
                assertThat(byKey.get(bucket + "/" + key))
                        .as("good upload %s", key)
                        .singleElement()
                        .satisfies(r -> assertThat(r.status()).isEqualTo(Status.COMPLETED));
            }
            for (Map.Entry<String, FailureReason> h : hostile.entrySet()) {
                String key = h.getKey();
                assertThat(byKey.get(bucket + "/" + key))
                        .as("hostile %s", abbreviate(key))
                        .singleElement()
                        .satisfies(r -> assertThat(r.error().reason()).isEqualTo(h.getValue()));
            }
            assertThat(byKey.get(bucket + "/" + scans).get(0).error().message())
                    .as("refused by its scan count, not by decoding to the deadline")
                    .contains("scans");
            assertThat(byKey.get(privateBucket + "/secret.jpg"))
                    .singleElement()
                    .satisfies(r -> assertThat(r.error().reason()).isEqualTo(FailureReason.FORBIDDEN));
            assertThat(byKey.get(bucket + "/" + live))
                    .extracting(ThumbnailEvent::status)
                    .containsExactly(Status.COMPLETED, Status.SKIPPED);
            for (String big : bigKeys) {
                assertThat(byKey.get(bucket + "/" + big))
                        .as("200 MB object %s", big)
                        .singleElement()
                        .satisfies(r -> assertThat(r.error().reason())
                                .isIn(FailureReason.UNSUPPORTED_FORMAT, FailureReason.TOO_LARGE));
            }

            // The bucket holds exactly the originals and the thumbnails of what was good.
            Set<String> expectedObjects = new TreeSet<>(good);
            expectedObjects.add(live);
            expectedObjects.add(scans);
            expectedObjects.addAll(bigKeys);
            for (String rendition : RENDITIONS) {
                for (String key : good) {
                    expectedObjects.add("thumbnails/" + rendition + "/" + key + ".jpg");
                }
                expectedObjects.add("thumbnails/" + rendition + "/" + live + ".jpg");
            }
            Set<String> actual = new TreeSet<>(list(s3, bucket, s.prefix));
            for (String rendition : RENDITIONS) {
                actual.addAll(list(s3, bucket, "thumbnails/" + rendition + "/" + s.prefix));
            }
            assertThat(actual).isEqualTo(expectedObjects);
            assertThat(list(s3, privateBucket, "")).containsExactly("secret.jpg");
            assertThat(list(s3, bucket, "other-prefix/")).isEmpty();

            await().atMost(Duration.ofSeconds(60)).until(s::allCommitted);
            assertThat(service.isAlive())
                    .as("service alive:%n%s", service.logTail())
                    .isTrue();
        }
    }

    @Test
    void probesStayTruthfulWhenS3AcceptsConnectionsButNeverAnswers() throws Exception {
        Scenario s = new Scenario("silent-s3", 1);
        try (BlackHole silentS3 = new BlackHole()) {
            S3Settings real = s.config.s3();
            S3Settings silent = new S3Settings(
                    "http://127.0.0.1:" + silentS3.port(),
                    real.accessKey(),
                    real.secretKey(),
                    real.region(),
                    real.pathStyle());
            ThumbstreamConfig config = new ThumbstreamConfig(
                    s.config.kafka(),
                    silent,
                    s.config.topics(),
                    s.config.groupId(),
                    s.config.renditions(),
                    s.config.outputPrefix(),
                    0,
                    s.config.maxPixels(),
                    s.config.maxSourceBytes(),
                    s.config.pipeline(),
                    null);
            try (ThumbstreamService service =
                    new ThumbstreamService(config).start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                int port = service.httpPort();
                // Readiness first: it must not hold a thread waiting for S3.
                for (int i = 0; i < 10; i++) {
                    assertThat(status(port, "/readyz")).as("/readyz").isEqualTo(503);
                    assertThat(status(port, "/healthz"))
                            .as("/healthz within 1 s")
                            .isEqualTo(200);
                    Thread.sleep(500);
                }
                assertThat(silentS3.accepted()).as("the service did try S3").isPositive();
            }
        }
    }

    private static UploadEvent created(String bucket, String key) {
        return UploadEvent.created(bucket, key);
    }

    private static UploadEvent removed(String bucket, String key) {
        return new UploadEvent(UploadEvent.Action.REMOVED, bucket, key, null, null, null, null, null, null);
    }

    private static void publish(RawPublisher publisher, UploadEvent event) throws Exception {
        publisher.publishRaw(0, event.objectRef(), EventJson.toBytes(event));
    }

    private int status(int port, String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .timeout(Duration.ofSeconds(1))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static Socket slowClient(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        OutputStream out = socket.getOutputStream();
        out.write('G');
        out.flush();
        return socket;
    }

    /**
     * Four 200 MB objects, streamed (never held in this JVM): three that are no image at all
     * (a zip, an MP4, zeros) and one that starts like a JPEG.
     */
    private static List<String> uploadBigObjects(MinioClient s3, String bucket, String prefix) throws Exception {
        Map<String, byte[]> heads = new LinkedHashMap<>();
        heads.put(prefix + "big-archive.zip", new byte[] {'P', 'K', 3, 4});
        heads.put(prefix + "big-movie.mp4", new byte[] {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'm', 'p', '4', '2'});
        heads.put(prefix + "big-zeros.jpg", new byte[] {0});
        heads.put(prefix + "big-fake.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0});
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (Map.Entry<String, byte[]> e : heads.entrySet()) {
                puts.add(pool.submit(() -> {
                    try (InputStream in = new PatternStream(e.getValue(), BIG)) {
                        s3.putObject(PutObjectArgs.builder().bucket(bucket).object(e.getKey()).stream(
                                        in, BIG, 16L * 1024 * 1024)
                                .build());
                    }
                    return null;
                }));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        } finally {
            pool.shutdown();
        }
        return List.copyOf(heads.keySet());
    }

    private static List<String> list(MinioClient s3, String bucket, String prefix) throws Exception {
        List<String> keys = new ArrayList<>();
        for (Result<Item> item : s3.listObjects(ListObjectsArgs.builder()
                .bucket(bucket)
                .prefix(prefix)
                .recursive(true)
                .build())) {
            keys.add(item.get().objectName());
        }
        return keys;
    }

    private static String abbreviate(String key) {
        return key.length() <= 80 ? key : key.substring(0, 77) + "...";
    }

    /** {@code head}, then zeros, {@code length} bytes in all, generated as read. */
    private static final class PatternStream extends InputStream {

        private final byte[] head;
        private final long length;
        private long position;

        PatternStream(byte[] head, long length) {
            this.head = head;
            this.length = length;
        }

        @Override
        public int read() {
            if (position >= length) {
                return -1;
            }
            int b = position < head.length ? head[(int) position] & 0xff : 0;
            position++;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) {
            if (position >= length) {
                return -1;
            }
            int n = (int) Math.min(count, length - position);
            for (int i = 0; i < n; i++) {
                long p = position + i;
                buffer[offset + i] = p < head.length ? head[(int) p] : 0;
            }
            position += n;
            return n;
        }
    }

    /** An "S3 server" on 127.0.0.1 that accepts connections and never answers. */
    private static final class BlackHole implements AutoCloseable {

        private final ServerSocket server;
        private final List<Socket> held = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        BlackHole() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(
                    () -> {
                        while (!server.isClosed()) {
                            try {
                                held.add(server.accept());
                            } catch (IOException e) {
                                return; // closed
                            }
                        }
                    },
                    "black-hole-s3");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int accepted() {
            return held.size();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
