package thumbstream.imaging;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Says once, clearly, why no native codec could be loaded when JNA itself cannot start. */
final class NativeLoading {

    private static final Logger LOG = LoggerFactory.getLogger(NativeLoading.class);
    private static final AtomicBoolean REPORTED = new AtomicBoolean();

    private NativeLoading() {}

    /**
     * Runs a binding's {@code load}. JNA itself may fail to load (its native stub is unpacked to a
     * temporary directory, which fails on a {@code noexec} /tmp): then the library is absent, as if
     * it were not installed, instead of failing start-up.
     */
    static <T> Optional<T> unlessJnaFails(Supplier<Optional<T>> load) {
        try {
            return load.get();
        } catch (LinkageError e) {
            jnaUnavailable(e);
            return Optional.empty();
        }
    }

    static void jnaUnavailable(LinkageError e) {
        if (REPORTED.compareAndSet(false, true)) {
            LOG.warn(
                    "JNA could not load its native stub ({}); native codecs (libjpeg-turbo, libwebp, libheif, libdeflate) are"
                            + " unavailable. A temporary directory mounted noexec is the usual cause: mount /tmp with"
                            + " exec or set -Djna.tmpdir to a writable, executable directory",
                    e.toString());
        }
    }
}
