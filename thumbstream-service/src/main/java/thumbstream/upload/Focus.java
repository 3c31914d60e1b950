package thumbstream.upload;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import thumbstream.event.UploadEvent;
import thumbstream.imaging.crop.FocusPoint;
import thumbstream.security.LogText;
import thumbstream.storage.SourceObject;

/**
 * Where an upload's {@code crop=focus} renditions centre: the event's {@code focus} if it has one,
 * else the object's {@code thumbstream-focus} user metadata, else none (the renderer then crops
 * smartly).
 *
 * <p>A malformed event focus never gets here (the decoder rejects the event as invalid). Malformed
 * metadata is the object owner's typo, not a reason to withhold the thumbnails: it is logged and
 * ignored.
 */
final class Focus {

    private static final Logger LOG = LoggerFactory.getLogger(Focus.class);

    private Focus() {}

    /** The focal point for {@code upload}, whose bytes and metadata are {@code source}; null when none. */
    static FocusPoint of(UploadEvent upload, SourceObject source) {
        if (upload.focus() != null) {
            return upload.focus();
        }
        return Optional.ofNullable(source.userMetadata().get(FocusPoint.METADATA_KEY))
                .map(text -> parse(upload, text))
                .orElse(null);
    }

    private static FocusPoint parse(UploadEvent upload, String text) {
        try {
            return FocusPoint.parse(text);
        } catch (IllegalArgumentException e) {
            LOG.warn(
                    "ignoring {} metadata of {}/{}: {}",
                    FocusPoint.METADATA_KEY,
                    LogText.quoted(upload.bucket()),
                    LogText.quoted(upload.key()),
                    LogText.message(e.getMessage()));
            return null;
        }
    }
}
