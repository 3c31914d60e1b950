package thumbstream.imaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The chunks of a PNG that {@link PngRows} needs, located in place (IDAT data is not copied).
 * Structure only: checksums are not verified (the JDK reader does not either); a file whose
 * chunk lengths run past its end, or that lacks IHDR or IDAT, parses to null.
 *
 * @param idat offset and length of each IDAT chunk's data, in file order
 */
record PngChunks(
        int width,
        int height,
        int bitDepth,
        int colourType,
        boolean interlaced,
        byte[] palette,
        byte[] transparency,
        boolean hasIccProfile,
        List<int[]> idat) {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    static PngChunks parse(byte[] png) {
        if (png.length < SIGNATURE.length + 25) {
            return null;
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (png[i] != SIGNATURE[i]) {
                return null;
            }
        }
        int width = -1, height = -1, depth = 0, colourType = 0;
        boolean interlaced = false, icc = false;
        byte[] palette = null, transparency = null;
        List<int[]> idat = new ArrayList<>();
        int pos = SIGNATURE.length;
        while (pos + 12 <= png.length) {
            int length = readInt(png, pos);
            String type = new String(png, pos + 4, 4, StandardCharsets.ISO_8859_1);
            int data = pos + 8;
            if (length < 0 || (long) data + length + 4 > png.length) {
                return null;
            }
            switch (type) {
                case "IHDR" -> {
                    if (width != -1) {
                        return null; // a second IHDR: never decode for a size that was not checked
                    }
                    if (length < 13 || png[data + 10] != 0 || png[data + 11] != 0) {
                        return null; // unknown compression or filter method
                    }
                    width = readInt(png, data);
                    height = readInt(png, data + 4);
                    depth = png[data + 8] & 0xff;
                    colourType = png[data + 9] & 0xff;
                    interlaced = png[data + 12] != 0;
                }
                case "PLTE" -> palette = java.util.Arrays.copyOfRange(png, data, data + length);
                case "tRNS" -> transparency = java.util.Arrays.copyOfRange(png, data, data + length);
                case "iCCP" -> icc = true;
                case "IDAT" -> idat.add(new int[] {data, length});
                default -> {
                    // ancillary chunks the ImageIO path ignores as well
                }
            }
            if (type.equals("IEND")) {
                break;
            }
            pos = data + length + 4;
        }
        if (width <= 0 || height <= 0 || idat.isEmpty()) {
            return null;
        }
        return new PngChunks(width, height, depth, colourType, interlaced, palette, transparency, icc, idat);
    }

    /**
     * Why the critical header of {@code png} cannot be trusted, or null when it can: the first chunk
     * must be IHDR and no other IHDR may follow. The size checked against the pixel limit and
     * charged to the budget is the first IHDR's; a decoder that met a second one could allocate for
     * a size nobody checked (a 64x64 header followed by a 20000x20000 one).
     */
    static String headerDefect(byte[] png) {
        int pos = SIGNATURE.length;
        int headers = 0;
        while (pos + 12 <= png.length) {
            int length = readInt(png, pos);
            String type = new String(png, pos + 4, 4, StandardCharsets.ISO_8859_1);
            if (type.equals("IHDR")) {
                if (pos != SIGNATURE.length) {
                    return headers == 0
                            ? "PNG: IHDR is not the first chunk (at byte " + pos + ")"
                            : "PNG: a second IHDR chunk at byte " + pos;
                }
                headers++;
            } else if (pos == SIGNATURE.length) {
                return "PNG: the first chunk is " + shownType(type) + ", not IHDR";
            }
            if (length < 0 || type.equals("IEND")) {
                break;
            }
            long next = (long) pos + 12 + length;
            if (next > png.length) {
                break; // truncated: the decoders judge that as they always have
            }
            pos = (int) next;
        }
        return null;
    }

    /** Chunk types are producer-controlled bytes: shown only when they are plain letters. */
    private static String shownType(String type) {
        return type.chars().allMatch(Character::isLetter) ? type : "a chunk of unknown type";
    }

    /** Adam7's passes: first column, first row, column step, row step. */
    private static final int[][] ADAM7 = {
        {0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}
    };

    /** Samples per pixel of the colour type (grey 1, RGB 3, palette 1, grey+alpha 2, RGBA 4); 0 if unknown. */
    int channels() {
        return switch (colourType) {
            case 0, 3 -> 1;
            case 4 -> 2;
            case 2 -> 3;
            case 6 -> 4;
            default -> 0;
        };
    }

    /**
     * Bytes the image data must inflate to for the size in this header (the size that was checked
     * against the pixel limit): each row is a filter type byte and its packed samples; an
     * interlaced image has a row set per Adam7 pass, empty passes having none. 0 for an unknown
     * colour type; saturates at {@link Long#MAX_VALUE} for headers no pixel limit lets through.
     */
    long rawBytes() {
        if (!interlaced) {
            return passBytes(width, height);
        }
        long total = 0;
        for (int[] pass : ADAM7) {
            long columns = width > pass[0] ? ((long) width - pass[0] + pass[2] - 1) / pass[2] : 0;
            long rows = height > pass[1] ? ((long) height - pass[1] + pass[3] - 1) / pass[3] : 0;
            long bytes = passBytes(columns, rows);
            total = bytes > Long.MAX_VALUE - total ? Long.MAX_VALUE : total + bytes;
        }
        return total;
    }

    /** One row of the full width with its filter type byte: the longest row any pass has. */
    long rowBytes() {
        return passBytes(width, 1);
    }

    private long passBytes(long columns, long rows) {
        if (columns <= 0 || rows <= 0) {
            return 0;
        }
        long row = (columns * channels() * bitDepth + 7) / 8 + 1;
        return row > Long.MAX_VALUE / rows ? Long.MAX_VALUE : row * rows;
    }

    /** The palette as packed ARGB, 256 entries (missing ones opaque black), alpha from tRNS. */
    int[] argbPalette() {
        int[] argb = new int[256];
        for (int i = 0; i < 256; i++) {
            int alpha = transparency != null && i < transparency.length ? transparency[i] & 0xff : 0xff;
            int r = 0, g = 0, b = 0;
            if (palette != null && 3 * i + 2 < palette.length) {
                r = palette[3 * i] & 0xff;
                g = palette[3 * i + 1] & 0xff;
                b = palette[3 * i + 2] & 0xff;
            }
            argb[i] = alpha << 24 | r << 16 | g << 8 | b;
        }
        return argb;
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }
}
