package thumbstream.imaging;

import java.nio.charset.StandardCharsets;

/**
 * The size coded in a WebP's first frame, read from the RIFF structure without decoding: the
 * {@code VP8 } key frame header or the {@code VP8L} header, found after a {@code VP8X} chunk or
 * inside the first {@code ANMF} chunk of an animation.
 *
 * <p>Why: the probe's size is the {@code VP8X} canvas (or the {@code ANMF} frame rectangle), while
 * the VP8 decoder allocates for the size its own frame header declares. libwebp refuses a still
 * image whose canvas and frame differ; TwelveMonkeys' reader does not, so the renderer compares
 * them ({@link CheckedSize}) before decoding. A simple-format file (a lone {@code VP8 } or
 * {@code VP8L} chunk) has only the one size, which is the probe's.
 */
final class WebpFrames {

    private WebpFrames() {}

    /**
     * The coded size of the first frame of an extended-format ({@code VP8X}) WebP; null for a
     * simple-format file, anything that is not WebP, or a structure too broken to say (the reader
     * then judges it).
     */
    static Dimensions codedSize(byte[] webp) {
        if (webp.length < 30
                || !fourCc(webp, 0).equals("RIFF")
                || !fourCc(webp, 8).equals("WEBP")) {
            return null;
        }
        if (!fourCc(webp, 12).equals("VP8X")) {
            return null; // simple format: the frame header is the only header
        }
        return firstFrame(webp, 12, webp.length);
    }

    /** The first VP8/VP8L frame among the chunks in {@code [pos, end)}, looking into the first ANMF. */
    private static Dimensions firstFrame(byte[] webp, int pos, int end) {
        while (pos + 8 <= end) {
            String type = fourCc(webp, pos);
            long length = littleEndian(webp, pos + 4, 4);
            int data = pos + 8;
            if (data + length > end) {
                return null;
            }
            switch (type) {
                case "VP8 " -> {
                    return vp8(webp, data, (int) length);
                }
                case "VP8L" -> {
                    return vp8l(webp, data, (int) length);
                }
                case "ANMF" -> {
                    return length < 16 ? null : firstFrame(webp, data + 16, (int) (data + length));
                }
                default -> {
                    // VP8X, ICCP, ANIM, ALPH, EXIF, XMP and unknown chunks: no frame size
                }
            }
            pos = (int) (data + length + (length & 1)); // chunks are padded to an even length
        }
        return null;
    }

    /** RFC 6386 9.1: a 3-byte frame tag, the start code 9d 01 2a, then 14-bit width and height. */
    private static Dimensions vp8(byte[] webp, int data, int length) {
        if (length < 10
                || (webp[data] & 1) != 0 // not a key frame
                || (webp[data + 3] & 0xff) != 0x9d
                || (webp[data + 4] & 0xff) != 0x01
                || (webp[data + 5] & 0xff) != 0x2a) {
            return null;
        }
        int width = (int) littleEndian(webp, data + 6, 2) & 0x3fff;
        int height = (int) littleEndian(webp, data + 8, 2) & 0x3fff;
        return width > 0 && height > 0 ? new Dimensions(width, height) : null;
    }

    /** The lossless bitstream: signature 0x2f, then 14 bits of width - 1 and 14 of height - 1. */
    private static Dimensions vp8l(byte[] webp, int data, int length) {
        if (length < 5 || (webp[data] & 0xff) != 0x2f) {
            return null;
        }
        long bits = littleEndian(webp, data + 1, 4);
        return new Dimensions((int) (bits & 0x3fff) + 1, (int) ((bits >> 14) & 0x3fff) + 1);
    }

    private static String fourCc(byte[] data, int at) {
        return new String(data, at, 4, StandardCharsets.ISO_8859_1);
    }

    private static long littleEndian(byte[] data, int at, int bytes) {
        long value = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            value = value << 8 | (data[at + i] & 0xff);
        }
        return value;
    }
}
