package thumbstream.imaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads an image's format and size from its header, without decoding pixels.
 *
 * <p>This is what lets the pixel budget be enforced before any memory is spent: a 50000x50000 PNG
 * is a few hundred bytes of header but would need 10 GB decoded. Thread-safe: every call uses a
 * reader of its own thread.
 */
public final class ImageProbe {

    private ImageProbe() {}

    /**
     * Returns the format and size of the first image in {@code data}.
     *
     * @throws ImagingException UNSUPPORTED when the bytes are empty or match no known image format;
     *                          CORRUPT when a reader recognises the format but cannot read the header
     */
    public static ImageHeader probe(byte[] data) throws ImagingException {
        return probeLayout(data).header();
    }

    /** A header and how many bytes one decoded pixel of it takes on the heap. */
    record Layout(ImageHeader header, int bytesPerPixel) {}

    /**
     * Like {@link #probe}, plus the bytes per decoded pixel ({@link DecodedLayout}), so the pixel
     * budget is charged for what the decoder really allocates: 16-bit, CMYK and float images take
     * far more than 4 bytes a pixel.
     */
    static Layout probeLayout(byte[] data) throws ImagingException {
        if (HeifDecoder.isHeif(data)) {
            try (HeifDecoder.Source heif = HeifDecoder.open(data)) {
                // box structure only: libheif decodes nothing here
                return new Layout(heif.header(), heif.bytesPerPixel());
            }
        }
        try (ImageInputStream in = ImageReaders.open(data)) {
            ImageReader reader = ImageReaders.readerFor(data, in);
            String format = ImageReaders.formatName(reader);
            boolean readerHealthy = false;
            try {
                // seekForwardOnly + ignoreMetadata: we only want the size, never the pixel data.
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width < 1 || height < 1) {
                    throw new ImagingException(
                            ImagingException.Kind.CORRUPT,
                            "the " + format + " header declares an empty image (" + width + "x" + height + ")");
                }
                int bytesPerPixel = DecodedLayout.bytesPerPixel(reader);
                readerHealthy = true;
                return new Layout(new ImageHeader(format, width, height), bytesPerPixel);
            } catch (IOException | RuntimeException e) {
                // Plugins signal a broken header with IIOException, EOFException or, for some
                // malformed files, runtime exceptions; all mean the same thing for the caller.
                throw new ImagingException(
                        ImagingException.Kind.CORRUPT, "cannot read the " + format + " header: " + e.getMessage(), e);
            } finally {
                ImageReaders.release(reader, readerHealthy);
            }
        } catch (IOException e) {
            // Only close() can land here, and closing an in-memory stream does not fail.
            throw new UncheckedIOException(e);
        }
    }
}
