package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The EXIF parser finds the tag where cameras put it and shrugs off everything else. */
class ExifOrientationTest {

    @ParameterizedTest(name = "orientation-{0}.jpg")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void readsTheTagExiftoolWrote(int tag) {
        assertThat(ExifOrientation.of(Fixtures.bytes("orientation-" + tag + ".jpg")))
                .isEqualTo(Orientation.ofTag(tag));
    }

    @Test
    void readsLittleEndianExifToo() {
        assertThat(ExifOrientation.of(jpegWithExif(ByteOrder.LITTLE_ENDIAN, 6))).isEqualTo(Orientation.ROTATE_90);
        assertThat(ExifOrientation.of(jpegWithExif(ByteOrder.BIG_ENDIAN, 8))).isEqualTo(Orientation.ROTATE_270);
    }

    @Test
    void skipsAnXmpSegmentBeforeTheExifOne() {
        byte[] xmp = segment(0xE1, "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>".getBytes(StandardCharsets.US_ASCII));
        byte[] exif = jpegWithExif(ByteOrder.BIG_ENDIAN, 3);
        byte[] both = concat(new byte[] {(byte) 0xFF, (byte) 0xD8}, xmp, Arrays.copyOfRange(exif, 2, exif.length));

        assertThat(ExifOrientation.of(both)).isEqualTo(Orientation.ROTATE_180);
    }

    @Test
    void meansNormalWithoutExifOrForOtherFormats() {
        assertThat(ExifOrientation.of(TestImages.jpeg(20, 10))).isEqualTo(Orientation.NORMAL);
        assertThat(ExifOrientation.of(Fixtures.bytes("rgba.png"))).isEqualTo(Orientation.NORMAL);
        assertThat(ExifOrientation.of(new byte[0])).isEqualTo(Orientation.NORMAL);
    }

    @Test
    void valuesOutsideOneToEightMeanNormal() {
        assertThat(ExifOrientation.of(jpegWithExif(ByteOrder.BIG_ENDIAN, 0))).isEqualTo(Orientation.NORMAL);
        assertThat(ExifOrientation.of(jpegWithExif(ByteOrder.BIG_ENDIAN, 9))).isEqualTo(Orientation.NORMAL);
        assertThat(ExifOrientation.of(jpegWithExif(ByteOrder.BIG_ENDIAN, 0xFFFF)))
                .isEqualTo(Orientation.NORMAL);
    }

    @Test
    void neverThrowsOnDamagedSegments() {
        byte[] original = Fixtures.bytes("orientation-6.jpg");
        Random random = new Random(6);
        for (int i = 0; i < 2_000; i++) {
            byte[] damaged = i % 2 == 0 ? Arrays.copyOf(original, random.nextInt(original.length)) : original.clone();
            // Damage the header area, where the parser looks: markers, lengths, IFD offsets and counts.
            for (int flips = 1 + random.nextInt(4); flips > 0 && damaged.length > 2; flips--) {
                damaged[random.nextInt(Math.min(damaged.length, 160))] = (byte) random.nextInt(256);
            }
            assertThat(ExifOrientation.of(damaged)).isNotNull();
        }
    }

    /** SOI + an APP1 Exif segment whose IFD0 holds only Orientation = {@code value}, then EOI. */
    private static byte[] jpegWithExif(ByteOrder order, int value) {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4).order(order);
        tiff.put(order == ByteOrder.LITTLE_ENDIAN ? new byte[] {'I', 'I'} : new byte[] {'M', 'M'});
        tiff.putShort((short) 42).putInt(8); // magic, offset of IFD0
        tiff.putShort((short) 1); // one entry
        tiff.putShort((short) 0x0112)
                .putShort((short) 3)
                .putInt(1)
                .putShort((short) value)
                .putShort((short) 0);
        tiff.putInt(0); // no next IFD
        byte[] payload = concat("Exif\0\0".getBytes(StandardCharsets.US_ASCII), tiff.array());
        return concat(
                new byte[] {(byte) 0xFF, (byte) 0xD8}, segment(0xE1, payload), new byte[] {(byte) 0xFF, (byte) 0xD9});
    }

    private static byte[] segment(int marker, byte[] payload) {
        int length = payload.length + 2;
        return concat(new byte[] {(byte) 0xFF, (byte) marker, (byte) (length >> 8), (byte) length}, payload);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
