package thumbstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import okhttp3.Interceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import thumbstream.config.S3Settings;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.UploadEvent;
import thumbstream.imaging.FormatSniffer;
import thumbstream.imaging.RenditionSpec;
import thumbstream.imaging.ThumbnailRenderer;
import thumbstream.storage.MinioObjectStore;
import thumbstream.upload.ResultFactory;
import thumbstream.upload.ThumbnailJob;
import thumbstream.upload.ThumbnailKeys;

/**
 * What one upload costs in S3 requests, counted on the wire (an OkHttp network interceptor) against
 * the real S3 server. The README quotes these figures; they are part of the contract.
 */
class S3RequestsIT {

    private static final String BUCKET = "media";
    private static final List<RenditionSpec> TWO =
            RenditionSpec.parseList("small:320x320:fit:jpg,medium:1024x1024:fit:jpg");

    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final java.util.concurrent.atomic.AtomicLong bodyBytesRead = new java.util.concurrent.atomic.AtomicLong();
    private MinioObjectStore counted;
    private MinioObjectStore plain;
    private String key;
    private ThumbnailJob job;

    @BeforeEach
    void setUp() throws Exception {
        S3Settings s3 = SharedInfrastructure.get().s3Settings();
        Interceptor recorder = chain -> {
            requests.add(chain.request().method() + " " + chain.request().url().encodedPath());
            okhttp3.Response response = chain.proceed(chain.request());
            if (!"GET".equals(chain.request().method()) || response.body().contentLength() <= 0) {
                return response;
            }
            // count the body bytes the client reads off the wire
            okio.ForwardingSource counting =
                    new okio.ForwardingSource(response.body().source()) {
                        @Override
                        public long read(okio.Buffer sink, long byteCount) throws java.io.IOException {
                            long n = super.read(sink, byteCount);
                            bodyBytesRead.addAndGet(Math.max(n, 0));
                            return n;
                        }
                    };
            return response.newBuilder()
                    .body(okhttp3.ResponseBody.create(
                            okio.Okio.buffer(counting),
                            response.body().contentType(),
                            response.body().contentLength()))
                    .build();
        };
        counted = new MinioObjectStore(s3, List.of(recorder));
        plain = new MinioObjectStore(s3);
        key = "requests-" + UUID.randomUUID() + "/shoe.jpg";
        plain.put(BUCKET, key, TestImages.jpeg(1200, 900), "image/jpeg", Map.of());
        job = new ThumbnailJob(
                counted,
                new ThumbnailRenderer(100_000_000),
                TWO,
                new ThumbnailKeys("thumbnails/"),
                64 << 20,
                new ResultFactory(RenditionSpec.canonical(TWO), Clock.systemUTC()));
    }

    @AfterEach
    void tearDown() {
        counted.close();
        plain.close();
    }

    @Test
    void aNewUploadCostsOneStatPerRenditionOneGetAndOnePutPerRendition() throws Exception {
        // given an S3 notification of a new object (it carries the ETag)
        UploadEvent event = notificationOf(key);

        // when it is processed
        ThumbnailEvent result = job.process(event, 1).orElseThrow();

        // then: 2 renditions -> 2 HEADs (are they current?), 1 GET, 2 PUTs; nothing else
        assertThat(result.status()).isEqualTo(ThumbnailEvent.Status.COMPLETED);
        assertThat(requests)
                .containsExactly(
                        "HEAD /media/thumbnails/small/" + key + ".jpg",
                        "HEAD /media/thumbnails/medium/" + key + ".jpg",
                        "GET /media/" + key,
                        "PUT /media/thumbnails/small/" + key + ".jpg",
                        "PUT /media/thumbnails/medium/" + key + ".jpg");
    }

    @Test
    void theSameEventAgainCostsOneStatPerRenditionAndRendersNothing() throws Exception {
        // given the thumbnails were made
        UploadEvent event = notificationOf(key);
        job.process(event, 1).orElseThrow();
        requests.clear();

        // when the event comes again
        ThumbnailEvent result = job.process(event, 1).orElseThrow();

        // then it is skipped after one HEAD per rendition
        assertThat(result.status()).isEqualTo(ThumbnailEvent.Status.SKIPPED);
        assertThat(requests)
                .containsExactly(
                        "HEAD /media/thumbnails/small/" + key + ".jpg",
                        "HEAD /media/thumbnails/medium/" + key + ".jpg");
    }

    @Test
    void anEventWithoutEtagCostsOneStatOfTheSourceThenTheSameCheck() throws Exception {
        // given the thumbnails were made
        job.process(notificationOf(key), 1).orElseThrow();
        requests.clear();

        // when a native event without ETag names the same object (a replay, a manual re-announce)
        ThumbnailEvent result = job.process(UploadEvent.created(BUCKET, key), 1).orElseThrow();

        // then one HEAD of the source tells its version, and the current thumbnails are skipped
        assertThat(result.status()).isEqualTo(ThumbnailEvent.Status.SKIPPED);
        assertThat(requests)
                .containsExactly(
                        "HEAD /media/" + key,
                        "HEAD /media/thumbnails/small/" + key + ".jpg",
                        "HEAD /media/thumbnails/medium/" + key + ".jpg");
    }

    @Test
    void aSourceLargerThanTheSniffIsReadByOneGetWhenTheEventStatesItsSize() throws Exception {
        // given a source larger than the 64 KiB sniff, and a notification that carries its size
        // (S3's do)
        byte[] large = noisyJpeg(600, 600);
        assertThat(large.length).isGreaterThan(FormatSniffer.SNIFF_BYTES);
        plain.put(BUCKET, key, large, "image/jpeg", Map.of());
        UploadEvent event = withSize(notificationOf(key), large.length);

        // when it is processed
        ThumbnailEvent result = job.process(event, 1).orElseThrow();

        // then the sniff and the download are one GET
        assertThat(result.status()).isEqualTo(ThumbnailEvent.Status.COMPLETED);
        assertThat(requests).filteredOn(r -> r.startsWith("GET ")).containsExactly("GET /media/" + key);
        assertThat(requests).hasSize(5);
    }

    @Test
    void aBareEventCostsTheStatOfTheSourceAndOneGetOfASmallSource() throws Exception {
        // given no thumbnails yet, and an event with neither ETag nor size (a native event, a replay)
        // when it is processed
        ThumbnailEvent result = job.process(UploadEvent.created(BUCKET, key), 1).orElseThrow();

        // then the stat of the source, the thumbnails' HEADs, one GET, the PUTs (unchanged: the
        // source is smaller than the 64 KiB sniff)
        assertThat(result.status()).isEqualTo(ThumbnailEvent.Status.COMPLETED);
        assertThat(requests)
                .containsExactly(
                        "HEAD /media/" + key,
                        "HEAD /media/thumbnails/small/" + key + ".jpg",
                        "HEAD /media/thumbnails/medium/" + key + ".jpg",
                        "GET /media/" + key,
                        "PUT /media/thumbnails/small/" + key + ".jpg",
                        "PUT /media/thumbnails/medium/" + key + ".jpg");
    }

    @Test
    void aBareEventCostsTheStatAndOneGetEvenForASourceAboveTheEagerTwoMebibytes() throws Exception {
        // given a source above the 2 MiB an event's size may make one GET of, announced bare
        byte[] large = noisyJpeg(2200, 2000);
        assertThat(large.length).isGreaterThan(2 << 20);
        plain.put(BUCKET, key, large, "image/jpeg", Map.of());

        // when it is processed
        ThumbnailEvent result = job.process(UploadEvent.created(BUCKET, key), 1).orElseThrow();

        // then the stat's size and ETag drive one GET: 6 requests (before issue 22: a 64 KiB ranged
        // GET sniffed it first, then a second GET read it whole, 7 requests)
        assertThat(result.status()).isEqualTo(ThumbnailEvent.Status.COMPLETED);
        assertThat(requests)
                .containsExactly(
                        "HEAD /media/" + key,
                        "HEAD /media/thumbnails/small/" + key + ".jpg",
                        "HEAD /media/thumbnails/medium/" + key + ".jpg",
                        "GET /media/" + key,
                        "PUT /media/thumbnails/small/" + key + ".jpg",
                        "PUT /media/thumbnails/medium/" + key + ".jpg");
        assertThat(bodyBytesRead.get()).isEqualTo(large.length);
    }

    @Test
    void aBigNonImageWithABareEventIsRefusedAfterAboutOneSniffOfReading() throws Exception {
        // given 16 MiB that are not an image, announced bare
        byte[] zip = new byte[16 << 20];
        new java.util.Random(3).nextBytes(zip);
        zip[0] = 'P';
        zip[1] = 'K';
        zip[2] = 3;
        zip[3] = 4;
        plain.put(BUCKET, key, zip, "application/zip", Map.of());

        // when it is processed
        ThumbnailEvent result = job.process(UploadEvent.created(BUCKET, key), 1).orElseThrow();

        // then it fails unsupported-format after the stat, the HEADs and one GET of which about the
        // first 64 KiB were read before the request was aborted (before: the same 4 requests, the
        // GET a ranged one of 64 KiB)
        assertThat(result.status()).isEqualTo(ThumbnailEvent.Status.FAILED);
        assertThat(result.error().reason()).isEqualTo(thumbstream.event.FailureReason.UNSUPPORTED_FORMAT);
        assertThat(requests)
                .containsExactly(
                        "HEAD /media/" + key,
                        "HEAD /media/thumbnails/small/" + key + ".jpg",
                        "HEAD /media/thumbnails/medium/" + key + ".jpg",
                        "GET /media/" + key);
        assertThat(bodyBytesRead.get())
                .isGreaterThanOrEqualTo(FormatSniffer.SNIFF_BYTES)
                .isLessThan(2L * FormatSniffer.SNIFF_BYTES);
    }

    @Test
    void withoutItsSizeALargerSourceCostsTheSniffAndThenTheWholeGet() throws Exception {
        // given the same large source announced with its ETag but without its size (no stat is
        // made then, so the ranged sniff still comes first; a bare event costs one GET, above)
        byte[] large = noisyJpeg(600, 600);
        plain.put(BUCKET, key, large, "image/jpeg", Map.of());

        // when it is processed
        ThumbnailEvent result = job.process(notificationOf(key), 1).orElseThrow();

        // then a ranged GET of the first bytes, then the whole object
        assertThat(result.status()).isEqualTo(ThumbnailEvent.Status.COMPLETED);
        assertThat(requests)
                .filteredOn(r -> r.startsWith("GET "))
                .containsExactly("GET /media/" + key, "GET /media/" + key);
    }

    @Test
    void storeCallsStartNoThreadPerCall() throws Exception {
        // given a warm store
        byte[] bytes = TestImages.jpeg(64, 64);
        counted.put(BUCKET, key + ".warm", bytes, "image/jpeg", Map.of());
        long threadsBefore = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();

        // when it makes 100 PUTs and 100 HEADs one after another
        for (int i = 0; i < 100; i++) {
            counted.put(BUCKET, key + "." + i, bytes, "image/jpeg", Map.of());
            counted.stat(BUCKET, key + "." + i);
        }

        // then the JVM started at most a handful of threads (the store's pool is capped; the SDK's
        // own put path used to start one per call on 2 cores)
        long started = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - threadsBefore;
        assertThat(started).isLessThan(20);
    }

    /** Random pixels: a JPEG that does not compress below the sniff. */
    private static byte[] noisyJpeg(int width, int height) throws Exception {
        java.awt.image.BufferedImage image =
                new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.util.Random random = new java.util.Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    private static UploadEvent withSize(UploadEvent u, long size) {
        return new UploadEvent(u.action(), u.bucket(), u.key(), u.etag(), size, null, null, null, null);
    }

    private UploadEvent notificationOf(String objectKey) throws Exception {
        String etag = plain.stat(BUCKET, objectKey).orElseThrow().etag();
        return new UploadEvent(UploadEvent.Action.CREATED, BUCKET, objectKey, etag, null, null, null, null, null);
    }
}
