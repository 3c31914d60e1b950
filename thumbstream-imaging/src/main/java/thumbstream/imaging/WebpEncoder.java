package thumbstream.imaging;

import static thumbstream.imaging.WebpLibrary.*;

import com.sun.jna.Memory;
import java.awt.image.BufferedImage;

/**
 * Encodes an image as lossy WebP through libwebp; only usable when {@link WebpLibrary#loaded()}
 * is present.
 *
 * <p>Transparency is kept (WebP has an alpha channel), as for PNG; opaque images are imported
 * without one. Nothing but the pixels is written: no EXIF, XMP or ICC chunk. Every native block is
 * allocated for one call and freed before it returns (libwebp keeps no state between calls and
 * needs no per-thread handle), so nothing outlives the call whatever the thread does next.
 * Thread-safe.
 */
final class WebpEncoder {

    private WebpEncoder() {}

    /**
     * @param quality 1..100, libwebp's quality factor
     * @param effort  0..6, libwebp's method: higher is slower and smaller
     * @throws IllegalStateException when libwebp refuses: a bug here or no memory, never the input
     */
    static byte[] encode(BufferedImage image, int quality, int effort) {
        int width = image.getWidth();
        int height = image.getHeight();
        boolean alpha = image.getColorModel().hasAlpha();
        try (Memory config = block(CONFIG_BYTES);
                Memory picture = block(PICTURE_BYTES);
                Memory writer = block(MEMORY_WRITER_BYTES);
                Memory pixels = block((long) width * height * 4)) {
            if (WebPConfigInitInternal(config, 0, quality, ENCODER_ABI_VERSION) == 0) {
                throw new IllegalStateException("libwebp refused its encoder ABI version " + ENCODER_ABI_VERSION);
            }
            config.setInt(CONFIG_METHOD, effort);
            if (WebPValidateConfig(config) == 0 || WebPPictureInitInternal(picture, ENCODER_ABI_VERSION) == 0) {
                throw new IllegalStateException("libwebp rejected quality " + quality + ", effort " + effort);
            }
            picture.setInt(PICTURE_WIDTH, width);
            picture.setInt(PICTURE_HEIGHT, height);
            // Little-endian 0xAARRGGBB ints are the bytes B,G,R,A: libwebp's BGRA/BGRX layouts.
            pixels.write(0, PackedPixels.of(image), 0, width * height);
            int imported = alpha
                    ? WebPPictureImportBGRA(picture, pixels, width * 4)
                    : WebPPictureImportBGRX(picture, pixels, width * 4);
            try {
                if (imported == 0) {
                    throw new IllegalStateException("libwebp cannot import a " + width + "x" + height + " picture");
                }
                WebPMemoryWriterInit(writer);
                picture.setPointer(PICTURE_WRITER, memoryWrite());
                picture.setPointer(PICTURE_CUSTOM_PTR, writer);
                try {
                    if (WebPEncode(config, picture) == 0) {
                        throw new IllegalStateException("libwebp cannot encode " + width + "x" + height + ": error "
                                + picture.getInt(PICTURE_ERROR_CODE));
                    }
                    long size = writer.getLong(8);
                    return writer.getPointer(0).getByteArray(0, Math.toIntExact(size));
                } finally {
                    WebPMemoryWriterClear(writer);
                }
            } finally {
                WebPPictureFree(picture);
            }
        }
    }

    private static Memory block(long bytes) {
        Memory memory = new Memory(bytes);
        memory.clear();
        return memory;
    }
}
