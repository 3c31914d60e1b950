package thumbstream.imaging;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * JPEGs through libjpeg-turbo ({@link TurboJpeg}), reduced in the DCT domain to the smallest
 * eighth that still covers the largest rendition. Takes plain YCbCr, grey and RGB JPEGs without an
 * ICC profile whose header libjpeg-turbo reads; the others (CMYK, YCCK, a profile), and data it
 * refuses while decoding, are left to ImageIO.
 */
final class TurboJpegPath implements DecodePath {

    /**
     * How much larger than the largest rendition a DCT-scaled decode must be. 1: the reduction
     * filters (unlike ImageIO subsampling, which keeps a margin of 2), and ScaledDecodeQualityTest
     * shows the thumbnails match a full decode's.
     */
    static final double DCT_MARGIN = 1.0;

    @Override
    public Attempt open(Source source) {
        JpegFrame frame = source.frame();
        if (frame == null || JpegSegments.hasIccProfile(source.bytes())) {
            return null;
        }
        // only the segments up to the first scan are copied to native memory for the header
        TurboJpeg.Session session = TurboJpeg.open(source.bytes(), frame.scanStart());
        TurboJpeg.Header header = session.header();
        if (header == null || !header.directlyDecodable()) {
            session.close();
            return null;
        }
        return new JpegAttempt(source, frame, session, header);
    }

    private static final class JpegAttempt implements Attempt {

        private final Source source;
        private final JpegFrame frame;
        private final TurboJpeg.Session session;
        private final TurboJpeg.Header header;
        private Orientation orientation;
        private Dimensions displayed;
        private TurboJpeg.Scale scale;

        JpegAttempt(Source source, JpegFrame frame, TurboJpeg.Session session, TurboJpeg.Header header) {
            this.source = source;
            this.frame = frame;
            this.session = session;
            this.header = header;
        }

        @Override
        public ImageHeader header() {
            return new ImageHeader("jpeg", header.width(), header.height());
        }

        @Override
        public Cost plan(List<RenditionSpec> specs) throws ImagingException {
            // the native charge is computed from our reading of the frame: it must be libjpeg's too
            CheckedSize.require(
                    "jpeg",
                    new Dimensions(frame.width(), frame.height()),
                    "libjpeg-turbo's header",
                    header.width(),
                    header.height());
            orientation = ExifOrientation.of(source.bytes());
            displayed = orientation.displayed(new Dimensions(header.width(), header.height()));
            scale = Geometry.dctScale(displayed.width(), displayed.height(), specs, TurboJpeg.reductions(), DCT_MARGIN);
            int outWidth = scale.apply(header.width());
            int outHeight = scale.apply(header.height());
            return new Cost(
                    NativeCharges.turboJpeg(source.bytes(), frame, outWidth, outHeight),
                    (long) outWidth * outHeight,
                    Budget.BYTES_PER_PIXEL);
        }

        @Override
        public Decoded decode() throws ImagingException {
            // No CheckedSize here: the decode reads the same SOF as the header did and writes into
            // a buffer of the checked, scaled size (see CheckedSize's class comment).
            BufferedImage decoded = session.decode(scale);
            return decoded == null ? null : new Decoded(decoded, displayed, orientation);
        }

        /** After the renditions: they encode JPEGs through the same thread's buffers. */
        @Override
        public void close() {
            session.close();
        }
    }
}
