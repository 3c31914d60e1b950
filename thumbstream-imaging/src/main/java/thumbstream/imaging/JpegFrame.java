package thumbstream.imaging;

/**
 * The frame header (SOF) of a JPEG and where its first scan starts, read from the marker segments
 * without decoding anything: what a decoder will allocate for, before it allocates.
 *
 * <p>A JPEG decoder (libjpeg-turbo, and the libjpeg inside the JDK's ImageIO reader) holds the
 * whole image's DCT coefficients, 2 bytes per coefficient, 64 per 8x8 block of every component, at
 * full resolution whatever it scales the output to, when the image comes in more than one scan:
 * always for a progressive JPEG, and for a sequential one whose scans each carry some of the
 * components. A single-scan sequential JPEG is decoded a row of blocks at a time.
 * {@link #coefficientBytes()} is that buffer when {@link #buffersWholeImage()} says there is one.
 *
 * <p>Forgiving like libjpeg: stray bytes between segments are skipped; a segment running past the
 * data, or no frame before the first scan, gives null (the renderer then charges as for the
 * largest layout, see {@link NativeCharges}).
 */
record JpegFrame(boolean progressive, int width, int height, int[] hSampling, int[] vSampling, int scanStart) {

    /** libjpeg's MAX_COMPONENTS: a frame with more is refused by every decoder here. */
    static final int MAX_COMPONENTS = 10;

    private static final int MARKER = 0xFF;
    private static final int SOS = 0xDA;
    private static final int EOI = 0xD9;
    private static final int DHT = 0xC4;
    private static final int JPG = 0xC8;
    private static final int DAC = 0xCC;

    /** The frame of {@code data}, or null when it is not a JPEG or its segments end before a frame. */
    static JpegFrame parse(byte[] data) {
        if (!JpegSegments.isJpeg(data)) {
            return null;
        }
        int pos = 2;
        JpegFrame frame = null;
        while (pos + 4 <= data.length) {
            if ((data[pos] & 0xff) != MARKER) {
                pos++; // stray bytes between segments: libjpeg skips them to the next marker too
                continue;
            }
            int marker = data[pos + 1] & 0xff;
            if (marker == MARKER) {
                pos++;
                continue;
            }
            if (marker == EOI) {
                return null;
            }
            int end = pos + 2 + ((data[pos + 2] & 0xff) << 8 | (data[pos + 3] & 0xff));
            if (end > data.length || end < pos + 4) {
                return null;
            }
            if (marker == SOS) {
                return frame == null ? null : frame.withScanStart(end);
            }
            if (marker >= 0xC0 && marker <= 0xCF && marker != DHT && marker != JPG && marker != DAC) {
                frame = sof(data, pos + 4, end, marker);
                if (frame == null) {
                    return null;
                }
            }
            pos = end;
        }
        return null;
    }

    /** SOF payload: precision, height, width, component count, then (id, HxV, table) per component. */
    private static JpegFrame sof(byte[] data, int from, int end, int marker) {
        if (from + 6 > end) {
            return null;
        }
        int height = (data[from + 1] & 0xff) << 8 | (data[from + 2] & 0xff);
        int width = (data[from + 3] & 0xff) << 8 | (data[from + 4] & 0xff);
        int components = data[from + 5] & 0xff;
        if (components < 1 || components > MAX_COMPONENTS || from + 6 + 3 * components > end) {
            return null;
        }
        int[] h = new int[components];
        int[] v = new int[components];
        for (int c = 0; c < components; c++) {
            int factors = data[from + 6 + 3 * c + 1] & 0xff;
            h[c] = Math.max(1, Math.min(4, factors >> 4));
            v[c] = Math.max(1, Math.min(4, factors & 0x0f));
        }
        // SOF2, SOF6, SOF10, SOF14: progressive (Huffman or arithmetic, differential or not)
        boolean progressive = (marker & 0x03) == 0x02;
        return new JpegFrame(progressive, width, height, h, v, -1);
    }

    private JpegFrame withScanStart(int offset) {
        return new JpegFrame(progressive, width, height, hSampling, vSampling, offset);
    }

    /** Whether a decoder keeps every coefficient of the image: more than one scan, or progressive. */
    boolean buffersWholeImage(byte[] data) {
        return progressive || JpegSegments.scanCount(data, 1) > 1;
    }

    /**
     * Bytes of the whole image's DCT coefficients, as libjpeg's coefficient controller allocates
     * them: per component, its blocks across and down (the component's share of the image, in
     * 8x8 blocks), each rounded up to the component's sampling factor, times 64 coefficients of
     * 2 bytes. 4:2:0 YCbCr is 3 bytes per pixel, 4:4:4 6, greyscale 2.
     */
    long coefficientBytes() {
        int hMax = 1;
        int vMax = 1;
        for (int c = 0; c < hSampling.length; c++) {
            hMax = Math.max(hMax, hSampling[c]);
            vMax = Math.max(vMax, vSampling[c]);
        }
        long total = 0;
        for (int c = 0; c < hSampling.length; c++) {
            long across = roundUp(ceilDiv(ceilDiv((long) width * hSampling[c], hMax), 8), hSampling[c]);
            long down = roundUp(ceilDiv(ceilDiv((long) height * vSampling[c], vMax), 8), vSampling[c]);
            total += across * down * 64 * 2;
        }
        return total;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static long roundUp(long a, long multiple) {
        return ceilDiv(a, multiple) * multiple;
    }
}
