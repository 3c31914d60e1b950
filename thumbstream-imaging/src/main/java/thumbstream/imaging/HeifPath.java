package thumbstream.imaging;

import java.util.List;

/**
 * HEIC/HEIF and AVIF through libheif ({@link HeifDecoder}): the size is read from the file's
 * structure and checked before any pixel is decoded, and charged at the bytes a pixel of this file
 * takes while it is decoded ({@link HeifDecoder.Source#bytesPerPixel}); the decode is full size
 * (libheif has no reduced decode), must be of the checked size ({@link CheckedSize}) and is
 * already upright, so no orientation is applied afterwards. Takes every HEIF: when libheif is not
 * installed, the render fails UNSUPPORTED.
 */
final class HeifPath implements DecodePath {

    private final long maxPixels;

    /** @param maxPixels the renderer's pixel limit, also libheif's own limit on each side of any item */
    HeifPath(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    @Override
    public Attempt open(Source source) throws ImagingException {
        if (!HeifDecoder.isHeif(source.bytes())) {
            return null;
        }
        // Opened twice: this first parse only sizes the leases and is closed again, so a render
        // waiting for memory holds no native copy of its source meanwhile.
        try (HeifDecoder.Source probe = HeifDecoder.open(source.bytes(), maxPixels)) {
            return new HeifAttempt(
                    source.bytes(), probe.header(), probe.codedPixels(), probe.nativeBytes(), probe.bytesPerPixel());
        }
    }

    private final class HeifAttempt implements Attempt {

        private final byte[] bytes;
        private final ImageHeader header;
        private final long codedPixels;
        private final long nativeBytes;
        private final int heapBytesPerPixel;

        HeifAttempt(byte[] bytes, ImageHeader header, long codedPixels, long nativeBytes, int heapBytesPerPixel) {
            this.bytes = bytes;
            this.header = header;
            this.codedPixels = codedPixels;
            this.nativeBytes = nativeBytes;
            this.heapBytesPerPixel = heapBytesPerPixel;
        }

        @Override
        public ImageHeader header() {
            return header;
        }

        @Override
        public long codedPixels() {
            return codedPixels;
        }

        @Override
        public Cost plan(List<RenditionSpec> specs) {
            return new Cost(nativeBytes, header.pixels(), heapBytesPerPixel);
        }

        @Override
        public Decoded decode() throws ImagingException {
            Dimensions displayed = new Dimensions(header.width(), header.height());
            try (HeifDecoder.Source heif = HeifDecoder.open(bytes, maxPixels)) {
                CheckedSize.require(
                        header.formatName(),
                        displayed,
                        "the file parsed again",
                        heif.header().width(),
                        heif.header().height());
                return new Decoded(heif.decode(), displayed, Orientation.NORMAL);
            }
        }
    }
}
