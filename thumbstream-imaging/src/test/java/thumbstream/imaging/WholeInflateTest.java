package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PNG row decoder inflating whole through libdeflate ({@link WholeInflate}) against the same
 * decoder inflating through {@code java.util.zip}: the same pixels for every kind of PNG it takes,
 * damaged streams rejected without a crash and judged as before, memory counted and given back.
 */
class WholeInflateTest {

    @BeforeEach
    void requireLibdeflate() {
        Assumptions.assumeTrue(
                PngRows.inflatesWhole(PngRows.taken(Fixtures.bytes("rgba.png"))),
                "libdeflate.so.0 is not installed (apt-get install libdeflate0), or -Dthumbstream.png=zlib is set");
    }

    @Test
    void decodesEveryKindOfPngToTheSamePixelsAsTheZlibPath() {
        byte[] multiIdat = TestImages.png(TestImages.detailed(900, 700, false));
        List<byte[]> pngs = List.of(
                TestImages.png(TestImages.detailed(301, 203, false)),
                TestImages.png(TestImages.detailed(157, 99, true)),
                Fixtures.bytes("rgb16.png"),
                Fixtures.bytes("rgba.png"),
                Fixtures.bytes("palette-transparent.png"),
                Fixtures.bytes("strip-10000x10.png"),
                multiIdat,
                PngStreams.withStream(multiIdat, PngStreams.stream(multiIdat), 7));
        assertThat(PngChunks.parse(multiIdat).idat()).as("IDAT chunks").hasSizeGreaterThan(1);

        for (byte[] png : pngs) {
            PngChunks chunks = PngRows.taken(png);
            // given a PNG that libdeflate inflates whole, not one that falls back to zlib
            assertThat(chunks).isNotNull();
            assertThat(inflatesCompletely(png, chunks)).isTrue();
            for (int factor : new int[] {1, 2, 3, 5}) {
                // when both paths decode it
                BufferedImage whole = PngRows.decode(png, factor, true);
                BufferedImage zlib = PngRows.decode(png, factor, false);

                // then the pixels are the same
                assertThat(whole).isNotNull();
                assertThat(pixels(whole))
                        .as("%dx%d at box %d", chunks.width(), chunks.height(), factor)
                        .isEqualTo(pixels(zlib));
            }
        }
    }

    @Test
    void aTruncatedStreamIsRejectedByBothPathsSoImageIoJudgesIt() {
        byte[] good = TestImages.png(TestImages.detailed(301, 203, false));
        byte[] stream = PngStreams.stream(good);
        byte[] truncated = PngStreams.withStream(good, Arrays.copyOf(stream, stream.length / 2), 1 << 15);

        assertThat(inflatesCompletely(truncated, PngRows.taken(truncated))).isFalse();
        assertThat(PngRows.decode(truncated, 1, true)).isNull();
        assertThat(PngRows.decode(truncated, 1, false)).isNull();
    }

    @Test
    void aCorruptStreamIsRejectedByBothPathsSoImageIoJudgesIt() {
        byte[] good = TestImages.png(TestImages.detailed(301, 203, false));
        byte[] stream = PngStreams.stream(good);
        // the first deflate block header (after the 2-byte zlib header): final, type 3 (reserved)
        byte[] reservedBlock = stream.clone();
        reservedBlock[2] = 0x07;
        // noise in the middle of the Huffman-coded data
        byte[] noise = stream.clone();
        Arrays.fill(noise, stream.length / 3, stream.length / 3 + 64, (byte) 0xff);

        for (byte[] damaged : List.of(reservedBlock, noise)) {
            byte[] png = PngStreams.withStream(good, damaged, 1 << 15);
            assertThat(inflatesCompletely(png, PngRows.taken(png))).isFalse();
            assertThat(PngRows.decode(png, 1, true)).isNull();
            assertThat(PngRows.decode(png, 1, false)).isNull();
        }
    }

    @Test
    void aStreamLibdeflateRejectsIsDecodedAsTheZlibPathDecodesIt() {
        byte[] good = TestImages.png(TestImages.detailed(301, 203, true));
        byte[] stream = PngStreams.stream(good);
        byte[] badChecksum = stream.clone();
        badChecksum[badChecksum.length - 1] ^= 1;
        List<byte[]> rejected = List.of(
                PngStreams.withStream(good, badChecksum, 1 << 15),
                PngStreams.withSize(good, 301, 202)); // inflates to one row more than the header says

        for (byte[] png : rejected) {
            // given a stream libdeflate does not accept as exactly the image's rows
            assertThat(inflatesCompletely(png, PngRows.taken(png))).isFalse();

            // when the decoder is allowed to use it, then it decodes as the zlib path does
            BufferedImage whole = PngRows.decode(png, 2, true);
            BufferedImage zlib = PngRows.decode(png, 2, false);
            if (zlib == null) {
                assertThat(whole).isNull();
            } else {
                assertThat(pixels(whole)).isEqualTo(pixels(zlib));
            }
        }
        // the overlong stream decodes (its first rows are the image): as with zlib before
        assertThat(PngRows.decode(rejected.get(1), 2, true)).isNotNull();
    }

    @Test
    void chargesTheIdatDataAndTheRawRowsAndStreamsWhatIsTooLarge() {
        byte[] png = Fixtures.bytes("rgba.png");
        PngChunks chunks = PngRows.taken(png);
        long idat = chunks.idat().stream().mapToLong(c -> c[1]).sum();
        long raw = (long) chunks.height() * (1 + chunks.width() * 4L);

        assertThat(PngRows.workingBytes(chunks)).isEqualTo(idat + raw);

        // 5000 x 4000 RGBA is 80 MB of rows: over the limit, so inflated 256 KiB at a time
        byte[] large = PngStreams.withSize(png, 5000, 4000);
        assertThat(PngRows.taken(large).rawBytes()).isGreaterThan(WholeInflate.MAX_BYTES);
        assertThat(PngRows.inflatesWhole(PngRows.taken(large))).isFalse();
        assertThat(PngRows.workingBytes(PngRows.taken(large))).isZero();

        // a header no pixel limit would let through does not overflow into a small size
        byte[] absurd = PngStreams.withSize(png, Integer.MAX_VALUE, Integer.MAX_VALUE);
        assertThat(PngRows.taken(absurd).rawBytes()).isEqualTo(Long.MAX_VALUE);
        assertThat(PngRows.inflatesWhole(PngRows.taken(absurd))).isFalse();
    }

    @Test
    void freesEachThreadsDecompressorOnceTheThreadIsGone() throws Exception {
        byte[] png = TestImages.png(TestImages.detailed(400, 300, false));
        int before = WholeInflate.liveDecompressors();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> PngRows.decode(png, 2, true), "whole-inflate-test-" + i);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(WholeInflate.liveDecompressors()).isGreaterThanOrEqualTo(before + 4);
        threads.clear();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            System.gc();
            assertThat(WholeInflate.liveDecompressors()).isLessThanOrEqualTo(before);
        });
    }

    /** Whether libdeflate itself inflates the stream to exactly the image's rows (no fallback). */
    private static boolean inflatesCompletely(byte[] png, PngChunks chunks) {
        try {
            return WholeInflate.inflate(png, chunks, chunks.rawBytes()) != null;
        } finally {
            WholeInflate.release();
        }
    }

    private static int[] pixels(BufferedImage image) {
        return ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    }
}
