package thumbstream.imaging;

/**
 * Undoes PNG's per-row filters (RFC 2083, 6): each byte was stored as the difference from a
 * prediction made of its left ({@code a}), upper ({@code b}) and upper-left ({@code c}) neighbours
 * {@code bpp} bytes away. Rows start with {@code bpp} zero bytes, so the left edge needs no case.
 */
final class RowFilters {

    private RowFilters() {}

    /** @return false for an unknown filter type (a damaged file) */
    static boolean undo(int filter, byte[] cur, byte[] prev, int bpp) {
        int n = cur.length;
        switch (filter) {
            case 0 -> {
                // None
            }
            case 1 -> {
                for (int i = bpp; i < n; i++) {
                    cur[i] += cur[i - bpp];
                }
            }
            case 2 -> {
                for (int i = bpp; i < n; i++) {
                    cur[i] += prev[i];
                }
            }
            case 3 -> {
                for (int i = bpp; i < n; i++) {
                    cur[i] += (byte) (((cur[i - bpp] & 0xff) + (prev[i] & 0xff)) >>> 1);
                }
            }
            case 4 -> {
                if (bpp == 3) {
                    paeth3(cur, prev);
                    return true;
                }
                for (int i = bpp; i < n; i++) {
                    cur[i] += (byte) paeth(cur[i - bpp] & 0xff, prev[i] & 0xff, prev[i - bpp] & 0xff);
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * Paeth for 3 bytes per pixel (8-bit RGB, the most common case), with the left and upper-left
     * pixel kept in locals: each byte depends on the one 3 back, and reading it back from the row
     * just written made the loop wait on memory (figures: bench/PERFORMANCE.md, PNG).
     */
    private static void paeth3(byte[] cur, byte[] prev) {
        int a0 = 0, a1 = 0, a2 = 0, c0 = 0, c1 = 0, c2 = 0;
        for (int i = 3; i + 2 < cur.length; i += 3) {
            int b0 = prev[i] & 0xff, b1 = prev[i + 1] & 0xff, b2 = prev[i + 2] & 0xff;
            a0 = (cur[i] + paeth(a0, b0, c0)) & 0xff;
            a1 = (cur[i + 1] + paeth(a1, b1, c1)) & 0xff;
            a2 = (cur[i + 2] + paeth(a2, b2, c2)) & 0xff;
            cur[i] = (byte) a0;
            cur[i + 1] = (byte) a1;
            cur[i + 2] = (byte) a2;
            c0 = b0;
            c1 = b1;
            c2 = b2;
        }
    }

    private static int paeth(int a, int b, int c) {
        int pa = Math.abs(b - c);
        int pb = Math.abs(a - c);
        int pc = Math.abs(a + b - 2 * c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
