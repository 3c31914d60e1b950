package thumbstream.imaging;

/**
 * What one decode allocates outside the Java heap, charged to the native {@link Budget} before the
 * decoder runs. Each rule is an upper bound of what the library allocates for the size that was
 * checked, never for a size it reads later (the decode must then be of that size: {@link
 * CheckedSize}).
 *
 * <ul>
 *   <li>libjpeg-turbo: the source copied into native memory, the output buffer (4 bytes per pixel
 *       of the scaled size), the whole image's DCT coefficients at full resolution when it comes
 *       in several scans ({@link JpegFrame#coefficientBytes()}: a progressive 40 MP 4:2:0 JPEG
 *       holds 120 MB of them even when decoded to an eighth), and row buffers.
 *   <li>ImageIO's JPEG reader (the JDK's libjpeg, native): the same coefficients and row buffers;
 *       its input is fed in small chunks, its output is on the heap.
 *   <li>libheif: the source copy, the codec's planes at the coded size (counted as 4:4:4 at the
 *       coded depth, an upper bound for the 4:2:0 files cameras write) and the interleaved image
 *       they are converted into (counted at the coded depth too).
 *   <li>libdeflate: the PNG's IDAT data and its whole raw rows ({@link WholeInflate#workingBytes}).
 * </ul>
 *
 * <p>Not charged per decode, but bounded per render thread and stated in the memory model
 * (docs/memory.md): the buffers each thread keeps for the next image ({@link TurboJpeg#KEEP_BYTES},
 * {@link WholeInflate#KEEP_BYTES}) and the encoders' working memory, which depends on the
 * rendition sizes, not on the source.
 */
final class NativeCharges {

    /** Rows of samples per component a JPEG decoder keeps for upsampling and colour conversion, generously. */
    static final int JPEG_BUFFERED_ROWS = 32;

    /** Components assumed when a JPEG's frame cannot be read: YCbCr at 4:4:4, the most a decoder keeps for 3. */
    private static final int UNKNOWN_COMPONENTS = 3;

    private NativeCharges() {}

    /** libjpeg-turbo decoding {@code jpeg} (of {@code frame}) to {@code outWidth x outHeight}. */
    static long turboJpeg(byte[] jpeg, JpegFrame frame, int outWidth, int outHeight) {
        return jpeg.length + (long) outWidth * outHeight * 4 + jpegDecoder(jpeg, frame);
    }

    /**
     * The JDK's native libjpeg under ImageIO decoding a JPEG whose header says {@code width x
     * height}; {@code frame} null when it could not be read (then: as a progressive 4:4:4 image).
     */
    static long imageIoJpeg(byte[] jpeg, JpegFrame frame, int width, int height) {
        if (frame == null) {
            long pixels = (long) width * height;
            return pixels * UNKNOWN_COMPONENTS * 2 + rows(width, UNKNOWN_COMPONENTS);
        }
        return jpegDecoder(jpeg, frame);
    }

    /** Coefficients (when buffered) and row buffers of a JPEG decoder. */
    private static long jpegDecoder(byte[] jpeg, JpegFrame frame) {
        long coefficients = frame.buffersWholeImage(jpeg) ? frame.coefficientBytes() : 0;
        return coefficients + rows(frame.width(), frame.hSampling().length);
    }

    private static long rows(int width, int components) {
        return (long) JPEG_BUFFERED_ROWS * (width + 16L) * components;
    }

    /**
     * libheif decoding an image of {@code codedPixels} (the larger of the coded and the displayed
     * size) with {@code channels} (3, or 4 with alpha) at {@code bitsPerSample}, from {@code
     * sourceBytes} copied into native memory. 8-bit RGB: 6 bytes a pixel; RGBA 8; 10-bit RGB 12.
     */
    static long heif(long sourceBytes, long codedPixels, int channels, int bitsPerSample) {
        int sampleBytes = bitsPerSample > 8 ? 2 : 1;
        return sourceBytes + codedPixels * channels * sampleBytes * 2;
    }
}
