package thumbstream.dev.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import thumbstream.ThumbstreamService;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.config.Topics;
import thumbstream.dev.SampleImages;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.UploadEvent;
import thumbstream.imaging.Codecs;
import thumbstream.imaging.RenditionSpec;
import thumbstream.storage.MinioObjectStore;
import thumbstream.storage.ObjectStore;
import thumbstream.storage.SourceObject;
import thumbstream.testkit.DevInfrastructure;
import thumbstream.testkit.ResultsReader;
import thumbstream.testkit.UploadPublisher;

/**
 * {@code thumbstream demo}: the whole pipeline on this machine with nothing installed. Starts the
 * embedded broker and S3 server and the service, uploads sample images, announces them on
 * {@code uploads}, prints each result as it arrives, downloads the thumbnails into a folder.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run everything embedded: broker, S3 server, service, sample images; print the results.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--images", description = "Number of sample images (default: ${DEFAULT-VALUE})")
    int images = 24;

    @Option(names = "--out", description = "Folder for the downloaded thumbnails (default: ${DEFAULT-VALUE})")
    Path out = Path.of("demo-output");

    /**
     * The demo shows a WebP next to the JPEG of the small rendition (the service's default stays
     * JPEG only, so nothing new is required of a production machine).
     */
    static final String DEMO_RENDITIONS = "small:320x320:fit:jpg+webp,medium:1024x1024:fit:jpg";

    @Option(names = "--renditions", description = "Renditions (default: ${DEFAULT-VALUE})")
    String renditions = DEMO_RENDITIONS;

    @Option(names = "--photos", description = "Upload the images in this folder instead of generated samples")
    Path photos;

    @Option(names = "--timeout", description = "Seconds to wait for all results (default: ${DEFAULT-VALUE})")
    int timeoutSeconds = 300;

    @Override
    public Integer call() throws Exception {
        List<RenditionSpec> specs = renditionsToShow();
        if (specs == null) {
            return 2;
        }
        Path data = Files.createTempDirectory("thumbstream-demo-");
        System.out.println("starting embedded Kafka broker and S3 server (data in " + data + ") ...");
        try (DevInfrastructure infra =
                DevInfrastructure.start(data, 0, 0, DevInfrastructure.DEFAULT_UPLOAD_PARTITIONS)) {
            ThumbstreamConfig config = ThumbstreamConfig.defaults(
                            infra.bootstrapServers(), infra.s3Settings(), Topics.DEFAULT, "thumbstream-demo")
                    .with(b -> b.renditions = specs);
            ObjectStore store = new MinioObjectStore(infra.s3Settings());
            System.out.printf(
                    Locale.ROOT,
                    "kafka %s, s3 %s, bucket %s%n",
                    infra.bootstrapServers(),
                    infra.s3Settings().endpoint(),
                    DevInfrastructure.BUCKET);

            try (ThumbstreamService service = new ThumbstreamService(config)
                            .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                    ResultsReader results = new ResultsReader(infra.bootstrapServers(), Topics.DEFAULT.results());
                    UploadPublisher publisher =
                            new UploadPublisher(infra.bootstrapServers(), Topics.DEFAULT.uploads())) {
                System.out.println("service up; metrics at http://127.0.0.1:" + service.httpPort() + "/metrics");
                List<UploadEvent> uploads = uploadSamples(store);
                long started = System.nanoTime();
                publisher.publish(uploads);
                System.out.println("announced " + uploads.size() + " uploads on topic uploads; results:");
                List<ThumbnailEvent> received = results.readUntil(
                        r -> r.size() >= uploads.size(), Duration.ofSeconds(timeoutSeconds), DemoCommand::printResult);
                double seconds = (System.nanoTime() - started) / 1e9;
                download(store, received);
                return summarise(uploads.size(), received, seconds);
            }
        }
    }

    /**
     * The renditions to run, or null (after printing why) when a requested format cannot be
     * encoded here. The default degrades to JPEG only when libwebp is missing, so the demo still
     * runs with nothing installed.
     */
    private List<RenditionSpec> renditionsToShow() {
        List<RenditionSpec> specs = RenditionSpec.parseList(renditions);
        List<String> missing = Codecs.missingEncoders(specs);
        if (missing.isEmpty()) {
            return specs;
        }
        if (renditions.equals(DEMO_RENDITIONS)) {
            System.out.println("note: " + String.join("; ", missing) + " -- showing JPEG only");
            return RenditionSpec.parseList(ThumbstreamConfig.DEFAULT_RENDITIONS);
        }
        System.err.println("thumbstream demo: --renditions: " + String.join("; ", missing));
        return null;
    }

    private List<UploadEvent> uploadSamples(ObjectStore store) throws Exception {
        if (photos != null) {
            return uploadPhotos(store);
        }
        List<UploadEvent> uploads = new ArrayList<>();
        for (SampleImages.Sample s : SampleImages.generate(images, 42)) {
            String key = "originals/" + s.name();
            store.put(DevInfrastructure.BUCKET, key, s.bytes(), s.contentType(), Map.of());
            uploads.add(new UploadEvent(
                    UploadEvent.Action.CREATED,
                    DevInfrastructure.BUCKET,
                    key,
                    null,
                    (long) s.bytes().length,
                    s.contentType(),
                    "demo",
                    null,
                    null));
        }
        System.out.println(
                "uploaded " + uploads.size() + " sample images to s3://" + DevInfrastructure.BUCKET + "/originals/");
        return uploads;
    }

    private List<UploadEvent> uploadPhotos(ObjectStore store) throws Exception {
        List<UploadEvent> uploads = new ArrayList<>();
        try (var files = Files.walk(photos)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String key = "originals/" + photos.relativize(file).toString().replace('\\', '/');
                byte[] bytes = Files.readAllBytes(file);
                store.put(DevInfrastructure.BUCKET, key, bytes, "application/octet-stream", Map.of());
                uploads.add(new UploadEvent(
                        UploadEvent.Action.CREATED,
                        DevInfrastructure.BUCKET,
                        key,
                        null,
                        (long) bytes.length,
                        null,
                        "demo",
                        null,
                        null));
            }
        }
        System.out.println("uploaded " + uploads.size() + " files from " + photos + " to s3://"
                + DevInfrastructure.BUCKET + "/originals/");
        return uploads;
    }

    private static void printResult(ThumbnailEvent e) {
        String detail = e.error() != null
                ? e.error().reason().code() + ": " + e.error().message()
                : e.renditions() == null
                        ? ""
                        : e.renditions().stream()
                                .map(r -> r.name() + (r.format() == null ? "" : "." + r.format()) + " " + r.width()
                                        + "x" + r.height() + " " + r.bytes() + " B")
                                .reduce((a, b) -> a + ", " + b)
                                .orElse("");
        System.out.printf(
                Locale.ROOT,
                "  %-9s %-40s %5d ms  %s%n",
                e.status().name().toLowerCase(Locale.ROOT),
                e.key(),
                e.durationMs(),
                detail);
        if (e.placeholder() != null) {
            ThumbnailEvent.Placeholder p = e.placeholder();
            System.out.printf(
                    Locale.ROOT,
                    "  %-9s blurhash %s  thumbhash %s  dominant %s  average %s%n",
                    "",
                    p.blurhash(),
                    p.thumbhash(),
                    p.dominantColor(),
                    p.averageColor());
        }
    }

    private void download(ObjectStore store, List<ThumbnailEvent> received) throws Exception {
        for (ThumbnailEvent e : received) {
            if (e.renditions() == null) {
                continue;
            }
            for (ThumbnailEvent.RenditionResult r : e.renditions()) {
                SourceObject thumb = store.get(e.bucket(), r.key(), Long.MAX_VALUE);
                Path file = out.resolve(r.key());
                Files.createDirectories(file.getParent());
                Files.write(file, thumb.bytes());
            }
        }
    }

    private int summarise(int expected, List<ThumbnailEvent> received, double seconds) {
        long completed = received.stream()
                .filter(e -> e.status() == ThumbnailEvent.Status.COMPLETED)
                .count();
        long failed = received.stream()
                .filter(e -> e.status() == ThumbnailEvent.Status.FAILED)
                .count();
        System.out.printf(
                Locale.ROOT,
                "%nsummary: %d uploads, %d completed, %d failed, %d missing; %.2f s, %.1f images/s%n",
                expected,
                completed,
                failed,
                Math.max(0, expected - received.size()),
                seconds,
                received.size() / seconds);
        System.out.println(
                "thumbnails written to " + out.toAbsolutePath().resolve(ThumbstreamConfig.DEFAULT_OUTPUT_PREFIX));
        return completed == expected ? 0 : 1;
    }
}
