package thumbstream.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The buckets (optionally only a key prefix in them) the service may read originals from and
 * write thumbnails to, from {@code THUMBSTREAM_BUCKETS}: a comma-separated list of {@code bucket}
 * or {@code bucket/prefix} entries. Empty means every bucket the credentials reach. A prefix is an
 * S3 string prefix, not a folder: {@code media/a} allows {@code media/a/x.jpg}, {@code media/ab.jpg}
 * and {@code media/abc/x.jpg}; end it with {@code /} ({@code media/a/}) to allow one folder.
 *
 * <p>Why: any producer to {@code uploads} can name any bucket. Without a list, one record makes the
 * service read a private original it can reach and publish its thumbnail. With it, an event outside
 * the list fails {@code forbidden} before any storage call. Immutable and thread-safe.
 */
public final class BucketAllowList {

    private static final BucketAllowList EVERYTHING = new BucketAllowList(List.of());

    private final List<Entry> entries;

    private BucketAllowList(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Allows every bucket: the default when {@code THUMBSTREAM_BUCKETS} is unset. */
    public static BucketAllowList allowAll() {
        return EVERYTHING;
    }

    /**
     * Parses {@code media,uploads/users/}: entries separated by commas, blanks ignored.
     *
     * @throws IllegalArgumentException naming the bad entry, e.g. one without a bucket name
     */
    public static BucketAllowList parse(String text) {
        List<Entry> entries = new ArrayList<>();
        for (String raw : text.split(",")) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            String bucket = slash < 0 ? entry : entry.substring(0, slash);
            String prefix = slash < 0 ? "" : entry.substring(slash + 1);
            if (bucket.isEmpty()) {
                throw new IllegalArgumentException(
                        "'" + entry + "' has no bucket name: expected bucket or bucket/prefix, e.g. media/originals/");
            }
            entries.add(new Entry(bucket, prefix));
        }
        return entries.isEmpty() ? EVERYTHING : new BucketAllowList(entries);
    }

    /** True when the list is empty and every bucket is allowed (worth a warning at start-up). */
    public boolean allowsEverything() {
        return entries.isEmpty();
    }

    /** Whether the service may read {@code bucket/key} and write its thumbnails (in the same bucket). */
    public boolean allows(String bucket, String key) {
        if (entries.isEmpty()) {
            return true;
        }
        for (Entry e : entries) {
            if (e.bucket.equals(bucket) && key.startsWith(e.prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Entries with a prefix that does not end with {@code /}, as written (e.g. {@code media/a}):
     * a prefix is an S3 string prefix, so such an entry also allows {@code media/ab…} and
     * {@code media/a.jpg}, which is rarely what was meant.
     */
    public List<String> stringPrefixEntries() {
        return entries.stream()
                .filter(e -> !e.prefix.isEmpty() && !e.prefix.endsWith("/"))
                .map(e -> e.bucket + "/" + e.prefix)
                .toList();
    }

    /** The buckets named, for messages and start-up checks. */
    public List<String> buckets() {
        return entries.stream().map(e -> e.bucket).distinct().toList();
    }

    /** Canonical form, as it would be written in {@code THUMBSTREAM_BUCKETS}; empty for "everything". */
    @Override
    public String toString() {
        return String.join(
                ",",
                entries.stream()
                        .map(e -> e.prefix.isEmpty() ? e.bucket : e.bucket + "/" + e.prefix)
                        .toList());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BucketAllowList other && entries.equals(other.entries);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entries);
    }

    private record Entry(String bucket, String prefix) {}
}
