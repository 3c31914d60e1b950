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

    private static int paeth(int a, int b, int c) {
        int pa = Math.abs(b - c);
        int pb = Math.abs(a - c);
        int pc = Math.abs(a + b - 2 * c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
