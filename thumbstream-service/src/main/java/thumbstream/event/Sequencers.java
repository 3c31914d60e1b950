package thumbstream.event;

import java.util.Locale;

/**
 * S3's per-key ordering tokens ({@code s3.object.sequencer}): hex strings whose numeric order is
 * the order of the events of one key. AWS sends 18 upper-case hex digits (its documented example
 * is {@code 0055AED6DCD90281E5}); MinIO sends 16, the event time's Unix nanoseconds in hex
 * ({@code 15CFEDF8D5304D1A}).
 *
 * <p>They come from producers and from thumbnails' metadata, so neither is trusted: only a hex
 * string of at most {@value #MAX_LENGTH} digits is compared. Without the bound, a producer's
 * 500 KB "sequencer" costs two padded copies per comparison; without the hex check, a value like
 * {@code "zz"} would sort after every real one. Even a valid one can be forged to sort after
 * every real event, so a sequencer only ever says an event <em>looks</em> stale: the object's
 * current ETag decides whether thumbnails are kept (see {@code ThumbnailJob}). Stateless.
 */
public final class Sequencers {

    /**
     * Longest sequencer accepted, in hex digits: AWS's 18 and two to spare. A longer value came
     * from no S3 or MinIO server, so the event is refused as invalid rather than compared (it was
     * 64 before issue 19; a thumbnail still recording such a value orders nothing).
     */
    public static final int MAX_LENGTH = 20;

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
