package thumbstream.imaging;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Finds the ImageIO reader for a byte array and lends it out; shared by the probe and the decoder
 * so both agree on what is "unsupported" and which plugin reads what.
 *
 * <p>Readers are reused per thread ({@link ThreadCache}): {@link #readerFor} lends one,
 * {@link #release} takes it back. Every reader lent must be released exactly once.
 */
final class ImageReaders {

    /**
     * TwelveMonkeys readers win over the JDK's for the same format. They are on the classpath for
     * exactly that: they read more of what cameras and Photoshop write (CMYK and YCCK JPEGs with
     * or without embedded profiles, broken profiles and markers; more TIFF compressions), and
     * they decode straight to sRGB where the JDK reader hands back, for a CMYK JPEG, CMYK pixels
     * that Java2D would then convert one at a time while resizing. TwelveMonkeys asks the
     * registry for this order itself, but only when it finds the JDK provider at registration;
     * choosing here does not depend on that.
     */
    private static final String PREFERRED_PLUGINS = "com.twelvemonkeys.";

    private static final ThreadCache<ImageReaderSpi, ImageReader> IDLE = new ThreadCache<>();

    private ImageReaders() {}

    /**
     * Wraps {@code data} in an in-memory stream. Built directly rather than through
     * {@code ImageIO.createImageInputStream}, which may spill to temporary files depending on the
     * JVM-wide {@code ImageIO.setUseCache} flag — the bytes are already in memory.
     */
    static ImageInputStream open(byte[] data) {
        return new MemoryCacheImageInputStream(new ByteArrayInputStream(data));
    }

    /**
     * Lends a reader that recognises the stream's signature, preferring TwelveMonkeys plugins; the
     * caller sets its input and must hand it to {@link #release}.
     *
     * @throws ImagingException UNSUPPORTED when the data is empty or no installed reader claims it
     */
    static ImageReader readerFor(byte[] data, ImageInputStream in) throws ImagingException {
        if (data.length == 0) {
            throw new ImagingException(ImagingException.Kind.UNSUPPORTED, "source is empty (0 bytes)");
        }
        ImageReaderSpi provider = providerFor(in);
        if (provider == null) {
            throw new ImagingException(
                    ImagingException.Kind.UNSUPPORTED,
                    "not a supported image format (" + data.length + " bytes starting with " + hexPrefix(data) + ")");
        }
        return IDLE.take(provider, () -> newReader(provider));
    }

    /**
     * Takes back a reader lent by {@link #readerFor}: reset and kept for this thread's next image
     * when {@code reusable}, disposed when it failed mid-read (its state is no longer trusted).
     */
    static void release(ImageReader reader, boolean reusable) {
        ImageReaderSpi provider = reader.getOriginatingProvider();
        if (reusable && provider != null) {
            reader.reset();
            if (IDLE.giveBack(provider, reader)) {
                return;
            }
        }
        reader.dispose();
    }

    /** Whether this thread keeps an idle reader of {@code provider}; for tests. */
    static boolean holdsIdleReader(ImageReaderSpi provider) {
        return IDLE.holdsIdle(provider);
    }

    /** The reader's format name in lower case, e.g. {@code jpeg}, {@code png}. */
    static String formatName(ImageReader reader) {
        try {
            return reader.getFormatName().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * The provider that reads {@code in}: the first TwelveMonkeys one that claims it, else the
     * first claimant in the registry's order, else null. Asks the providers directly, as
     * {@code ImageIO.getImageReaders} does, but without creating a reader for each claimant.
     */
    static ImageReaderSpi providerFor(ImageInputStream in) {
        ImageReaderSpi first = null;
        Iterator<ImageReaderSpi> providers =
                IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class, true);
        while (providers.hasNext()) {
            ImageReaderSpi provider = providers.next();
            if (claims(provider, in)) {
                if (provider.getClass().getName().startsWith(PREFERRED_PLUGINS)) {
                    return provider;
                }
                if (first == null) {
                    first = provider;
                }
            }
        }
        return first;
    }

    private static boolean claims(ImageReaderSpi provider, ImageInputStream in) {
        try {
            in.mark();
            try {
                return provider.canDecodeInput(in);
            } finally {
                in.reset();
            }
        } catch (IOException | RuntimeException e) {
            // A plugin choking on garbage while sniffing the signature does not claim the data.
            return false;
        }
    }

    private static ImageReader newReader(ImageReaderSpi provider) {
        try {
            return provider.createReaderInstance();
        } catch (IOException e) {
            // Creating a reader touches no input; a failure here is a broken plugin, not bad data.
            throw new UncheckedIOException("cannot create a " + provider.getDescription(Locale.ROOT) + " reader", e);
        }
    }

    private static String hexPrefix(byte[] data) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(8, data.length); i++) {
            hex.append(i == 0 ? "" : " ").append(String.format("%02x", data[i] & 0xff));
        }
        return hex.toString();
    }
}
