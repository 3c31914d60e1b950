package thumbstream.imaging;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Says once, clearly, why no native codec could be loaded when JNA itself cannot start. */
final class NativeLoading {

    private static final Logger LOG = LoggerFactory.getLogger(NativeLoading.class);
    private static final AtomicBoolean REPORTED = new AtomicBoolean();

    private NativeLoading() {}

    static void jnaUnavailable(LinkageError e) {
        if (REPORTED.compareAndSet(false, true)) {
            LOG.warn(
                    "JNA could not load its native stub ({}); native codecs (libjpeg-turbo, libwebp, libheif) are"
                            + " unavailable. A temporary directory mounted noexec is the usual cause: mount /tmp with"
                            + " exec or set -Djna.tmpdir to a writable, executable directory",
                    e.toString());
        }
    }
}
