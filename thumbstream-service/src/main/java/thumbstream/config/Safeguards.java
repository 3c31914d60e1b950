package thumbstream.config;

import java.time.Duration;
import java.util.Objects;
import thumbstream.security.BucketAllowList;

/**
 * What the service refuses to do for a hostile or careless producer, and how long it gives one
 * render (DESIGN.md §7).
 *
 * @param buckets       buckets (or bucket/prefix) the service may read and write; empty list = all
 * @param renderTimeout deadline of one render (decode, resize, encode every rendition); an upload
 *                      whose render takes longer fails {@code too-large}
 * @param httpBind      address the management server listens on; {@code 0.0.0.0} = every interface
 */
public record Safeguards(BucketAllowList buckets, Duration renderTimeout, String httpBind) {

    public static final Duration DEFAULT_RENDER_TIMEOUT = Duration.ofSeconds(30);
    public static final String DEFAULT_HTTP_BIND = "0.0.0.0";

    public Safeguards {
        Objects.requireNonNull(buckets, "buckets");
        if (renderTimeout.isZero() || renderTimeout.isNegative()) {
            throw new IllegalArgumentException("renderTimeout must be positive, got " + renderTimeout);
        }
        Objects.requireNonNull(httpBind, "httpBind");
    }

    /** Every bucket allowed, the default deadline, every interface: what tests and the demo use. */
    public static Safeguards defaults() {
        return new Safeguards(BucketAllowList.allowAll(), DEFAULT_RENDER_TIMEOUT, DEFAULT_HTTP_BIND);
    }

    /** A copy with another allow-list. */
    public Safeguards withBuckets(BucketAllowList list) {
        return new Safeguards(list, renderTimeout, httpBind);
    }

    /** A copy with another render deadline. */
    public Safeguards withRenderTimeout(Duration timeout) {
        return new Safeguards(buckets, timeout, httpBind);
    }
}
