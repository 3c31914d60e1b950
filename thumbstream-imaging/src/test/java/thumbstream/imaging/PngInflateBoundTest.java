package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A PNG's image data is inflated only as far as the checked size needs ({@link PngChunks#rawBytes},
 * plus {@link IdatFeed#slack}): a stream that inflates to hundreds of MB behind a 100x100 header
 * is corrupt after that many bytes, on the row decoder and on the ImageIO path alike, and
 * interlaced images are measured by their Adam7 passes.
 */
class PngInflateBoundTest {

    private static final List<RenditionSpec> SMALL = RenditionSpec.parseList("small:32x32:fit:jpg");
    /** 300 MB of zeros: every row of a 100x100 RGB image (filter 0, black), then 300 MB more. */
    private static final long BOMB_BYTES = 300L << 20;

    private static final byte[] BOMB_STREAM = zerosDeflated(BOMB_BYTES);

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aStreamThatInflatesFarPastTheCheckedSizeIsCorrupt(boolean pngRows) {
        // given a 100x100 PNG (30,100 bytes of rows) whose IDAT inflates to 300 MB
        byte[] bomb = PngStreams.withStream(
                TestImages.png(new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB)), BOMB_STREAM, 1 << 16);
        assertThat(bomb.length).isLessThan(400_000);
        ThumbnailRenderer renderer =
                new ThumbnailRenderer(100_000_000, Budget.ofPixels(1_000_000), JpegBackend.IMAGEIO, pngRows);

        // when rendered, then it is corrupt
        assertThatThrownBy(() -> renderer.render(bomb, SMALL))
                .isInstanceOfSatisfying(
                        ImagingException.class, e -> assertThat(e.kind()).isEqualTo(ImagingException.Kind.CORRUPT))
                .hasMessageContaining("inflates past");
    }

    @Test
    void theInflaterStopsAtTheCheckedSizePlusItsSlack() throws Exception {
        byte[] bomb = PngStreams.withStream(
                TestImages.png(new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB)), BOMB_STREAM, 1 << 16);
        PngChunks chunks = PngChunks.parse(bomb);
        long needed = chunks.rawBytes();
        assertThat(needed).isEqualTo(100 * (1 + 300));

        Inflater inflater = new Inflater();
        try {
            IdatFeed feed = new IdatFeed(bomb, chunks, inflater);
            byte[] rows = new byte[(int) needed];
            assertThat(feed.inflate(rows, 0, rows.length)).isTrue();

            assertThat(feed.overrun()).isTrue();
            assertThat(feed.inflated())
                    .as("bytes inflated, of %d in the stream", BOMB_BYTES)
                    .isLessThanOrEqualTo(needed + IdatFeed.slack(chunks) + 1);
        } finally {
            inflater.end();
        }
    }

    @Test
    void anInterlacedBombIsCorruptAfterItsAdam7Bytes() throws Exception {
        // given the same stream behind an interlaced 100x100 header (ImageIO decodes those)
        byte[] interlaced = withInterlace(PngStreams.withStream(
                TestImages.png(new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB)), BOMB_STREAM, 1 << 16));
        ThumbnailRenderer renderer =
                new ThumbnailRenderer(100_000_000, Budget.ofPixels(1_000_000), JpegBackend.IMAGEIO);

        assertThat(PngChunks.headerDefect(interlaced)).isNull();
        assertThatThrownBy(() -> renderer.render(interlaced, SMALL))
                .isInstanceOfSatisfying(
                        ImagingException.class, e -> assertThat(e.kind()).isEqualTo(ImagingException.Kind.CORRUPT))
                .hasMessageContaining("inflates past");
        assertThat(IdatFeed.excess(interlaced, PngChunks.parse(interlaced))).isNotNull();
    }

    @Test
    void theCheckedSizeIsWhatEncodersReallyWriteInterlacedOrNot() throws Exception {
        List<BufferedImage> images = List.of(
                TestImages.detailed(1, 1, false),
                TestImages.detailed(3, 5, true),
                TestImages.detailed(9, 9, false),
                TestImages.detailed(100, 37, true),
                grey(13, 7),
                palette(17, 11, 1),
                palette(10, 3, 4),
                palette(33, 21, 8));
        for (BufferedImage image : images) {
            for (boolean interlace : new boolean[] {false, true}) {
                byte[] png = write(image, interlace);
                PngChunks chunks = PngChunks.parse(png);
                assertThat(chunks.interlaced()).isEqualTo(interlace);

                assertThat(chunks.rawBytes())
                        .as(
                                "%dx%d type %d depth %d interlaced %s",
                                chunks.width(), chunks.height(), chunks.colourType(), chunks.bitDepth(), interlace)
                        .isEqualTo(inflatedLength(PngStreams.stream(png)));
                assertThat(IdatFeed.excess(png, chunks)).isNull();
            }
        }
    }

    @Test
    void aHeaderNoLimitLetsThroughSaturatesInterlacedOrNot() {
        byte[] png = TestImages.png(new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB));
        byte[] absurd = PngStreams.withSize(png, Integer.MAX_VALUE, Integer.MAX_VALUE);

        assertThat(PngChunks.parse(absurd).rawBytes()).isEqualTo(Long.MAX_VALUE);
        assertThat(PngChunks.parse(withInterlace(absurd)).rawBytes()).isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aStreamThatRunsOneRowLongStillRendersAsLibpngAllows(boolean pngRows) throws Exception {
        // given rows for 64 lines behind a header of 63 (an encoder that wrote one row too many)
        byte[] longer = PngStreams.withSize(TestImages.png(TestImages.detailed(64, 64, false)), 64, 63);
        ThumbnailRenderer renderer =
                new ThumbnailRenderer(100_000_000, Budget.ofPixels(1_000_000), JpegBackend.IMAGEIO, pngRows);

        assertThat(renderer.render(longer, SMALL)).hasSize(1);
    }

    private static byte[] zerosDeflated(long bytes) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        byte[] zeros = new byte[1 << 20];
        byte[] buffer = new byte[1 << 16];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long done = 0; done < bytes; done += zeros.length) {
            deflater.setInput(zeros);
            while (!deflater.needsInput()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static long inflatedLength(byte[] stream) throws Exception {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(stream);
            byte[] out = new byte[1 << 16];
            long total = 0;
            while (!inflater.finished()) {
                int n = inflater.inflate(out);
                if (n == 0 && inflater.needsInput()) {
                    break;
                }
                total += n;
            }
            return total;
        } finally {
            inflater.end();
        }
    }

    /** {@code png} with its IHDR's interlace method set to Adam7. */
    private static byte[] withInterlace(byte[] png) {
        byte[] copy = png.clone();
        copy[8 + 8 + 12] = 1;
        CRC32 crc = new CRC32();
        crc.update(copy, 8 + 4, 4 + 13);
        ByteBuffer.wrap(copy).putInt(8 + 8 + 13, (int) crc.getValue());
        return copy;
    }

    private static byte[] write(BufferedImage image, boolean interlace) throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(interlace ? ImageWriteParam.MODE_DEFAULT : ImageWriteParam.MODE_DISABLED);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static BufferedImage grey(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, (x * 37 + y * 11) & 0xff);
            }
        }
        return image;
    }

    private static BufferedImage palette(int width, int height, int bits) {
        int size = 1 << bits;
        byte[] levels = new byte[size];
        for (int i = 0; i < size; i++) {
            levels[i] = (byte) (i * 255 / (size - 1));
        }
        IndexColorModel model = new IndexColorModel(bits, size, levels, levels, levels);
        BufferedImage image = new BufferedImage(
                width, height, bits < 8 ? BufferedImage.TYPE_BYTE_BINARY : BufferedImage.TYPE_BYTE_INDEXED, model);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, (x + 3 * y) % size);
            }
        }
        return image;
    }
}
