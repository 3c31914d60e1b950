package thumbstream.imaging;

import java.awt.image.DataBuffer;
import java.awt.image.MultiPixelPackedSampleModel;
import java.awt.image.SampleModel;
import java.awt.image.SinglePixelPackedSampleModel;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;

/**
 * How many heap bytes one pixel of image 0 takes when a reader decodes it, from the reader's
 * image types (no pixels are read).
 *
 * <p>The destination is the first type {@link ImageReader#getImageTypes} offers (what
 * {@code read} allocates by default). When the raw type differs from it (CMYK or YCCK JPEGs
 * converted to RGB, 16-bit samples converted to 8), the reader holds both at some point, so both
 * count. Examples: 8-bit RGB JPEG 3, RGBA PNG 4, 16-bit RGBA PNG 8, CMYK JPEG 4 + 3 = 7, float
 * RGB TIFF 12. When the reader cannot tell, {@link #FALLBACK} is assumed.
 */
final class DecodedLayout {

    /** 8-bit RGBA, or RGB padded to an int: what the budget assumed before it looked. */
    static final int FALLBACK = 4;

    private DecodedLayout() {}

    /** Bytes per decoded pixel of image 0; the reader's input must be set. */
    static int bytesPerPixel(ImageReader reader) {
        try {
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            int destination = types != null && types.hasNext() ? bytesOf(types.next()) : FALLBACK;
            ImageTypeSpecifier raw = reader.getRawImageType(0);
            int source = raw == null ? destination : bytesOf(raw);
            return source == destination ? destination : source + destination;
        } catch (IOException | RuntimeException e) {
            return FALLBACK; // the budget still gets a sensible charge; decoding will judge the file
        }
    }

    static int bytesOf(ImageTypeSpecifier type) {
        SampleModel model = type.getSampleModel(1, 1);
        int sampleBytes = Math.max(1, DataBuffer.getDataTypeSize(model.getDataType()) / 8);
        if (model instanceof SinglePixelPackedSampleModel) {
            return sampleBytes; // all bands packed into one int, short or byte
        }
        if (model instanceof MultiPixelPackedSampleModel) {
            return 1; // 1, 2 or 4 bits a pixel: a byte is an upper bound
        }
        return Math.max(1, model.getNumBands() * sampleBytes);
    }
}
