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
    private static final byte[] ICC_HEADER = {'I', 'C', 'C', '_', 'P', 'R', 'O', 'F', 'I', 'L', 'E', 0};

    private JpegSegments() {}

    /** Whether {@code data} starts like a JPEG: SOI followed by another marker. */
    static boolean isJpeg(byte[] data) {
        return data.length >= 3 && (data[0] & 0xff) == MARKER && (data[1] & 0xff) == SOI && (data[2] & 0xff) == MARKER;
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
