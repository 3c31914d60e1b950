package thumbstream.imaging;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Finds the ImageIO reader for a byte array; shared by the probe and the decoder so both agree on
 * what is "unsupported".
 */
final class ImageReaders {

    private ImageReaders() {
    }

    /**
     * Wraps {@code data} in an in-memory stream. Built directly rather than through
     * {@code ImageIO.createImageInputStream}, which may spill to temporary files depending on the
     * JVM-wide {@code ImageIO.setUseCache} flag — the bytes are already in memory.
     */
    static ImageInputStream open(byte[] data) {
        return new MemoryCacheImageInputStream(new ByteArrayInputStream(data));
    }

    /**
     * The first reader that recognises the stream's signature; the caller sets its input and must
     * dispose it.
     *
     * @throws ImagingException UNSUPPORTED when the data is empty or no installed reader claims it
     */
    static ImageReader readerFor(byte[] data, ImageInputStream in) throws ImagingException {
        if (data.length == 0) {
            throw new ImagingException(ImagingException.Kind.UNSUPPORTED, "source is empty (0 bytes)");
        }
        Iterator<ImageReader> readers;
        try {
            readers = ImageIO.getImageReaders(in);
        } catch (RuntimeException e) {
            // A plugin choking on garbage while sniffing means nobody can read it.
            readers = Collections.emptyIterator();
        }
        if (!readers.hasNext()) {
            throw new ImagingException(ImagingException.Kind.UNSUPPORTED,
                    "not a supported image format (" + data.length + " bytes starting with " + hexPrefix(data) + ")");
        }
        return readers.next();
    }

    /** The reader's format name in lower case, e.g. {@code jpeg}, {@code png}. */
    static String formatName(ImageReader reader) {
        try {
            return reader.getFormatName().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            return "unknown";
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
