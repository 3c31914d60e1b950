package thumbstream.imaging;

/**
 * Reads the EXIF Orientation tag of a JPEG straight from its bytes.
 *
 * <p>A small parser rather than the readers' metadata trees: it needs no decode and no metadata
 * objects, works whichever plugin reads the pixels, and looks only at the segments before the
 * image data. It is deliberately forgiving: anything malformed, truncated or absent means
 * {@link Orientation#NORMAL}, because a missing rotation is a better outcome for a damaged tag
 * than a failed thumbnail. Every offset is bounds-checked against the segment it lies in.
 */
final class ExifOrientation {

    private static final int MARKER = 0xFF;
    private static final int SOI = 0xD8;
    private static final int APP1 = 0xE1;
    private static final int SOS = 0xDA;
    private static final int EOI = 0xD9;
    private static final int ORIENTATION_TAG = 0x0112;
    private static final int TYPE_SHORT = 3;
    private static final byte[] EXIF_HEADER = {'E', 'x', 'i', 'f', 0, 0};

    private ExifOrientation() {}

    /** The orientation that {@code data} asks for if it is a JPEG with an EXIF Orientation tag, else NORMAL. */
    static Orientation of(byte[] data) {
        if (data.length < 4 || u8(data, 0) != MARKER || u8(data, 1) != SOI) {
            return Orientation.NORMAL;
        }
        int pos = 2;
        while (pos + 4 <= data.length) {
            if (u8(data, pos) != MARKER) {
                return Orientation.NORMAL; // lost the marker chain: the file is not what it claims
            }
            int marker = u8(data, pos + 1);
            if (marker == MARKER) {
                pos++; // fill byte before a marker
                continue;
            }
            if (marker == SOS || marker == EOI) {
                return Orientation.NORMAL; // EXIF sits before the image data, never after
            }
            int end = pos + 2 + u16(data, pos + 2, false);
            if (end > data.length || end < pos + 4) {
                return Orientation.NORMAL;
            }
            if (marker == APP1 && startsWith(data, pos + 4, end, EXIF_HEADER)) {
                // The first EXIF segment is authoritative; an APP1 without the header is XMP.
                return Orientation.ofTag(tiffOrientation(data, pos + 4 + EXIF_HEADER.length, end));
            }
            pos = end;
        }
        return Orientation.NORMAL;
    }

    /** The Orientation value in IFD0 of the TIFF structure at {@code base}..{@code end}, or 0. */
    private static int tiffOrientation(byte[] data, int base, int end) {
        if (base + 8 > end) {
            return 0;
        }
        boolean littleEndian;
        if (u8(data, base) == 'I' && u8(data, base + 1) == 'I') {
            littleEndian = true;
        } else if (u8(data, base) == 'M' && u8(data, base + 1) == 'M') {
            littleEndian = false;
        } else {
            return 0;
        }
        if (u16(data, base + 2, littleEndian) != 42) {
            return 0;
        }
        long ifd = base + u32(data, base + 4, littleEndian);
        if (ifd + 2 > end) {
            return 0;
        }
        int entries = u16(data, (int) ifd, littleEndian);
        for (int i = 0; i < entries; i++) {
            int entry = (int) ifd + 2 + 12 * i;
            if (entry + 12 > end) {
                return 0;
            }
            if (u16(data, entry, littleEndian) == ORIENTATION_TAG) {
                // A SHORT with count 1 sits left-aligned in the entry's 4-byte value field.
                boolean wellFormed =
                        u16(data, entry + 2, littleEndian) == TYPE_SHORT && u32(data, entry + 4, littleEndian) == 1;
                return wellFormed ? u16(data, entry + 8, littleEndian) : 0;
            }
        }
        return 0;
    }

    private static boolean startsWith(byte[] data, int from, int end, byte[] prefix) {
        if (from + prefix.length > end) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int u8(byte[] data, int at) {
        return data[at] & 0xff;
    }

    private static int u16(byte[] data, int at, boolean littleEndian) {
        return littleEndian ? u8(data, at) | u8(data, at + 1) << 8 : u8(data, at) << 8 | u8(data, at + 1);
    }

    private static long u32(byte[] data, int at, boolean littleEndian) {
        long low = u16(data, littleEndian ? at : at + 2, littleEndian);
        long high = u16(data, littleEndian ? at + 2 : at, littleEndian);
        return high << 16 | low;
    }
}
