package thumbstream.imaging;

/**
 * Looks at the marker segments of a JPEG before its image data, without decoding anything.
 *
 * <p>Used to route a JPEG: libjpeg-turbo decodes pixels as stored and ignores an embedded ICC
 * profile, so a JPEG that carries one (Adobe RGB, Display P3, CMYK press profiles) goes to the
 * ImageIO path, whose TwelveMonkeys reader converts to sRGB. Forgiving like {@link ExifOrientation}:
 * malformed segments end the walk, and the caller falls back to the ImageIO path anyway when
 * libjpeg-turbo cannot read the file.
 */
final class JpegSegments {

    private static final int MARKER = 0xFF;
    private static final int SOI = 0xD8;
    private static final int APP2 = 0xE2;
    private static final int SOS = 0xDA;
    private static final int EOI = 0xD9;
    private static final int RST0 = 0xD0;
    private static final int RST7 = 0xD7;
    private static final byte[] ICC_HEADER = {'I', 'C', 'C', '_', 'P', 'R', 'O', 'F', 'I', 'L', 'E', 0};

    private JpegSegments() {}

    /** Whether {@code data} starts like a JPEG: SOI followed by another marker. */
    static boolean isJpeg(byte[] data) {
        return data.length >= 3 && (data[0] & 0xff) == MARKER && (data[1] & 0xff) == SOI && (data[2] & 0xff) == MARKER;
    }

    /**
     * Counts the scans (SOS markers) of a JPEG, walking the entropy-coded data between them, and
     * stops counting once past {@code limit}: linear in the file size, no decoding. Each scan of a
     * progressive JPEG costs the decoder a pass over every block, so a file of repeated scans is
     * refused by count before any decoder sees it (libjpeg-turbo's TJFLAG_LIMITSCANS does the same
     * inside the library, but ImageIO has no such limit). A malformed marker chain ends the count.
     */
    static int scanCount(byte[] data, int limit) {
        if (!isJpeg(data)) {
            return 0;
        }
        int scans = 0;
        int pos = 2;
        boolean inScan = false;
        while (pos + 1 < data.length && scans <= limit) {
            if ((data[pos] & 0xff) != MARKER) {
                if (!inScan) {
                    return scans; // lost the marker chain before the image data
                }
                pos++;
                continue;
            }
            int marker = data[pos + 1] & 0xff;
            if (marker == MARKER) {
                pos++; // fill byte
            } else if (inScan && (marker == 0x00 || (marker >= RST0 && marker <= RST7))) {
                pos += 2; // stuffed zero or restart marker: still entropy-coded data
            } else if (marker == EOI) {
                return scans;
            } else {
                if (pos + 4 > data.length) {
                    return scans;
                }
                int end = pos + 2 + ((data[pos + 2] & 0xff) << 8 | (data[pos + 3] & 0xff));
                if (end < pos + 4) {
                    return scans;
                }
                if (marker == SOS) {
                    scans++;
                    inScan = true;
                }
                pos = end;
            }
        }
        return scans;
    }

    /** Whether an APP2 ICC_PROFILE segment comes before the image data. */
    static boolean hasIccProfile(byte[] data) {
        if (!isJpeg(data)) {
            return false;
        }
        int pos = 2;
        while (pos + 4 <= data.length) {
            if ((data[pos] & 0xff) != MARKER) {
                return false;
            }
            int marker = data[pos + 1] & 0xff;
            if (marker == MARKER) {
                pos++;
                continue;
            }
            if (marker == SOS || marker == EOI) {
                return false;
            }
            int end = pos + 2 + ((data[pos + 2] & 0xff) << 8 | (data[pos + 3] & 0xff));
            if (end > data.length || end < pos + 4) {
                return false;
            }
            if (marker == APP2 && startsWith(data, pos + 4, end)) {
                return true;
            }
            pos = end;
        }
        return false;
    }

    private static boolean startsWith(byte[] data, int from, int end) {
        if (from + ICC_HEADER.length > end) {
            return false;
        }
        for (int i = 0; i < ICC_HEADER.length; i++) {
            if (data[from + i] != ICC_HEADER[i]) {
                return false;
            }
        }
        return true;
    }
}
