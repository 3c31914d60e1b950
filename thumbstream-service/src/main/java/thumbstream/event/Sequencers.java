package thumbstream.event;

import java.util.Locale;

/**
 * S3's per-key ordering tokens ({@code s3.object.sequencer}): hex strings whose numeric order is
 * the order of the events of one key. AWS sends 18 hex digits today; MinIO sends 16.
 *
 * <p>They come from producers and from thumbnails' metadata, so neither is trusted: only a hex
 * string of at most {@value #MAX_LENGTH} digits is compared. Without the bound, a producer's
 * 500 KB "sequencer" costs two padded copies per comparison; without the hex check, a value like
 * {@code "zz"} would sort after every real one and make every later event look stale. Stateless.
 */
public final class Sequencers {

    /** Longest sequencer accepted, in hex digits: far above what S3 or MinIO send. */
    public static final int MAX_LENGTH = 64;

    private Sequencers() {}

    /** True for 1..{@value #MAX_LENGTH} hex digits. */
    public static boolean isValid(String sequencer) {
        if (sequencer == null || sequencer.isEmpty() || sequencer.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < sequencer.length(); i++) {
            if (Character.digit(sequencer.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Compares two valid sequencers as numbers (the shorter one left-padded with zeros).
     *
     * @throws IllegalArgumentException if either is not {@linkplain #isValid valid}
     */
    public static int compare(String a, String b) {
        if (!isValid(a) || !isValid(b)) {
            throw new IllegalArgumentException("not comparable sequencers: '" + JsonFields.abbreviate(String.valueOf(a))
                    + "', '" + JsonFields.abbreviate(String.valueOf(b)) + "'");
        }
        String x = a.toUpperCase(Locale.ROOT);
        String y = b.toUpperCase(Locale.ROOT);
        int width = Math.max(x.length(), y.length());
        return "0"
                .repeat(width - x.length())
                .concat(x)
                .compareTo("0".repeat(width - y.length()).concat(y));
    }

    /**
     * The sequencer at {@code path} of an event, validated; null when absent.
     *
     * @throws InvalidEventException when present but not {@linkplain #isValid valid}
     */
    static String checked(String sequencer, String path) {
        if (sequencer == null) {
            return null;
        }
        if (!isValid(sequencer)) {
            throw new InvalidEventException("field '" + path + "' must be 1.." + MAX_LENGTH + " hex digits, got \""
                    + JsonFields.abbreviate(sequencer) + "\"");
        }
        return sequencer;
    }
}
