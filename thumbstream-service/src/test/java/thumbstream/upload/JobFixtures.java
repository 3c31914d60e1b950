package thumbstream.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.imageio.ImageIO;
import thumbstream.event.UploadEvent;
import thumbstream.imaging.RenditionSpec;
import thumbstream.imaging.ThumbnailRenderer;
import thumbstream.storage.ObjectStore;

/** Shared set-up of the {@link ThumbnailJob} tests: a job wired like the service's, events and images. */
final class JobFixtures {

    static final String BUCKET = "media";
    static final String PREFIX = "thumbnails/";
    /** One JPEG and one PNG rendition, so both key and content-type rules show. */
    static final String SPECS = "small:320x320:fit:jpg,square:64x64:crop:png";

    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

    private JobFixtures() {}

    /** A job as ThumbstreamService builds it, with a real renderer and a 1 MiB source limit. */
    static ThumbnailJob jobFor(ObjectStore store, String specs) {
        return jobFor(store, specs, 1024 * 1024);
    }

    static ThumbnailJob jobFor(ObjectStore store, String specs, long maxSourceBytes) {
        List<RenditionSpec> renditions = RenditionSpec.parseList(specs);
        return new ThumbnailJob(
                store,
                new ThumbnailRenderer(100_000_000),
                renditions,
                new ThumbnailKeys(PREFIX),
                maxSourceBytes,
                new ResultFactory(RenditionSpec.canonical(renditions), CLOCK));
    }

    static UploadEvent created(String key, String etag) {
        return new UploadEvent(UploadEvent.Action.CREATED, BUCKET, key, etag, null, null, null, null, null);
    }

    static UploadEvent removed(String key) {
        return new UploadEvent(UploadEvent.Action.REMOVED, BUCKET, key, null, null, null, null, null, null);
    }

    /** An opaque JPEG with a gradient, built in memory. */
    static byte[] jpeg(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.ORANGE, width, height, Color.BLUE));
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpeg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            assertThat(image).as("decodable thumbnail").isNotNull();
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
