package thumbstream.imaging;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadProgressListener;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes the first image of a source into pixels, optionally subsampled.
 *
 * <p>The one place where source bytes become a {@link BufferedImage}, so colour corrections beyond
 * what the plugins do would belong here, before any rendition is derived. None is needed today:
 * the TwelveMonkeys JPEG and WebP readers convert CMYK, YCCK and embedded ICC profiles to sRGB
 * while decoding, and for an image that a reader leaves in its profile's colour space (TIFF),
 * Java2D converts while the resizer draws it, at the same cost a bulk {@code ColorConvertOp} had
 * when measured. Pixels stay in stored orientation: turning them upright is cheaper on each small
 * rendition than on the full decode ({@link Orientation}). Thread-safe: every call uses a reader
 * of its own thread.
 */
final class Decoder {

    /**
     * What libjpeg's warnings for entropy data that stops early have in common ("Premature end of
     * JPEG file", "Corrupt JPEG data: premature end of data segment"). The JPEG reader does not
     * throw for them but fills the missing rows with grey; a thumbnail of half a photo is worse
     * than a failure, so they count as corrupt. Other warnings are common in camera files and
     * harmless (stray bytes between markers, a missing EOI after complete scan data), so they are
     * ignored.
     */
    private static final String TRUNCATED = "premature end";

    private Decoder() {}

    /**
     * Decodes image 0 of {@code data} (the first frame of a GIF), keeping every
     * {@code subsampling}-th pixel in each direction.
     *
     * @throws ImagingException UNSUPPORTED if no reader claims the data, CORRUPT if decoding fails
     */
    static BufferedImage decode(byte[] data, int subsampling) throws ImagingException {
        try (ImageInputStream in = ImageReaders.open(data)) {
            ImageReader reader = ImageReaders.readerFor(data, in);
            String format = ImageReaders.formatName(reader);
            List<String> warnings = new ArrayList<>();
            boolean readerHealthy = false;
            try {
                reader.setInput(in, true, false);
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                // A render past its deadline is interrupted (RenderRunner); readers check for an
                // abort between rows and passes, so this ends a slow decode early.
                reader.addIIOReadProgressListener(new AbortOnInterrupt());
                ImageReadParam param = reader.getDefaultReadParam();
                if (subsampling > 1) {
                    param.setSourceSubsampling(subsampling, subsampling, 0, 0);
                }
                BufferedImage image = reader.read(0, param);
                if (Thread.currentThread().isInterrupted()) {
                    throw new ImagingException(
                            ImagingException.Kind.TOO_LARGE, "decoding " + format + " was stopped at its deadline");
                }
                if (image == null) {
                    throw corrupt(format, "the reader returned no image", null);
                }
                readerHealthy = true;
                if (warnings.stream()
                        .anyMatch(w -> w != null && w.toLowerCase(Locale.ROOT).contains(TRUNCATED))) {
                    throw corrupt(format, "the data is truncated", null);
                }
                return image;
            } catch (IOException | RuntimeException e) {
                // Broken files surface as IIOException, EOFException or, from some plugins, as
                // IndexOutOfBounds/IllegalArgument/NegativeArraySize exceptions; all of them
                // describe the input, not a bug here. Errors (e.g. OutOfMemoryError) propagate:
                // the pixel budget is meant to prevent them, and hiding one would hide that bug.
                throw corrupt(
                        format,
                        e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName(),
                        e);
            } finally {
                // reset() in release also removes the warning listener added above.
                ImageReaders.release(reader, readerHealthy);
            }
        } catch (IOException e) {
            // Only close() can land here, and closing an in-memory stream does not fail.
            throw new UncheckedIOException(e);
        }
    }

    /** Asks the reader to stop as soon as its thread is interrupted. */
    private static final class AbortOnInterrupt implements IIOReadProgressListener {

        private void check(ImageReader source) {
            if (Thread.currentThread().isInterrupted()) {
                source.abort();
            }
        }

        @Override
        public void imageProgress(ImageReader source, float percentageDone) {
            check(source);
        }

        @Override
        public void imageStarted(ImageReader source, int imageIndex) {
            check(source);
        }

        @Override
        public void thumbnailProgress(ImageReader source, float percentageDone) {
            check(source);
        }

        @Override
        public void sequenceStarted(ImageReader source, int minIndex) {}

        @Override
        public void sequenceComplete(ImageReader source) {}

        @Override
        public void imageComplete(ImageReader source) {}

        @Override
        public void thumbnailStarted(ImageReader source, int imageIndex, int thumbnailIndex) {}

        @Override
        public void thumbnailComplete(ImageReader source) {}

        @Override
        public void readAborted(ImageReader source) {}
    }

    private static ImagingException corrupt(String format, String reason, Throwable cause) {
        return new ImagingException(
                ImagingException.Kind.CORRUPT, "cannot decode " + format + " image: " + reason, cause);
    }
}
