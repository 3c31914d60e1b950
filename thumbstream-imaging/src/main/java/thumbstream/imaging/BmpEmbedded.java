package thumbstream.imaging;

import java.util.Arrays;

/**
 * The size of the JPEG or PNG a BMP may carry as its pixels ({@code BI_JPEG} = 4, {@code BI_PNG}
 * = 5 in a BITMAPINFOHEADER or later), read by probing those embedded bytes.
 *
 * <p>Why: the probe checks the BMP header's size, but the JDK BMP reader hands the embedded image
 * to a JPEG or PNG reader that works by the embedded header's size (row buffers, a progressive
 * JPEG's coefficients, the inflate) and clips into the BMP-sized image it returns: a 64x48 BMP
 * over a 4000x3000 JPEG renders without a word. The renderer compares the two ({@link
 * CheckedSize}) before decoding. Uncompressed and RLE BMPs have only the one header.
 */
final class BmpEmbedded {

    private static final int BI_JPEG = 4;
    private static final int BI_PNG = 5;

    private BmpEmbedded() {}

    /**
     * The embedded image's size; null when {@code bmp} carries none (or is not a BMP, or the
     * embedded image cannot be probed: the reader then judges it).
     */
    static Dimensions codedSize(byte[] bmp) {
        if (bmp.length < 54 || bmp[0] != 'B' || bmp[1] != 'M' || littleEndian(bmp, 14) < 40) {
            return null; // not a BMP, or an OS/2 core header, which has no compression field
        }
        int compression = littleEndian(bmp, 30);
        int offset = littleEndian(bmp, 10);
        if ((compression != BI_JPEG && compression != BI_PNG) || offset < 54 || offset >= bmp.length) {
            return null;
        }
        try {
            ImageHeader embedded = ImageProbe.probe(Arrays.copyOfRange(bmp, offset, bmp.length));
            return new Dimensions(embedded.width(), embedded.height());
        } catch (ImagingException e) {
            return null;
        }
    }

    private static int littleEndian(byte[] data, int at) {
        return (data[at] & 0xff)
                | (data[at + 1] & 0xff) << 8
                | (data[at + 2] & 0xff) << 16
                | (data[at + 3] & 0xff) << 24;
    }
}
