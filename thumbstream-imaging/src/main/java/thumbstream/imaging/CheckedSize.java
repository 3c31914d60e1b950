package thumbstream.imaging;

/**
 * The one comparison between the size a source was checked for (against the pixel limit, and
 * charged to the pixel budget) and the size a decoder reads or produces for it, and the checks
 * that the coded data behind an ImageIO decode is for that size. A file whose
 * container says one size and whose coded stream says another is corrupt: decoding it would
 * allocate for a size nobody checked.
 *
 * <p>Where each path compares, as early as the decoder lets it:
 * <ul>
 *   <li>PNG rows ({@link PngRows}): the IHDR the row decoder parsed against the probed one, before
 *       any row is allocated.
 *   <li>WebP through ImageIO: the coded frame's size ({@link WebpFrames}) against the canvas or
 *       animation frame the reader reports, before decoding: TwelveMonkeys' VP8 decoder sizes its
 *       macroblocks by the frame, whatever the canvas says.
 *   <li>BMP through ImageIO: an embedded JPEG's or PNG's size ({@link BmpEmbedded}) against the
 *       BMP header, before decoding: the JDK reader decodes it by its own header and clips.
 *   <li>Every ImageIO decode: the image the reader returned against the probed size reduced by the
 *       subsampling; after the fact, so a reader that sized its destination by another header still
 *       fails rather than render.
 *   <li>libheif ({@link HeifDecoder}): the decoded image against the primary image's size, before
 *       it is copied to the heap. libheif 1.15 decodes by the coded stream's size, not by
 *       {@code ispe}, so its native image may be larger than what was checked, up to libheif's own
 *       per-side limit ({@link HeifDecoder#open(byte[], long)}).
 *   <li>libjpeg-turbo ({@link TurboJpeg}): nothing to compare. The header and the decode read the
 *       same SOF from the same bytes through the same library (a second SOF is an error there), and
 *       the decode writes into a buffer of the checked, scaled size: the width and height passed
 *       bound what it writes.
 * </ul>
 */
final class CheckedSize {

    private CheckedSize() {}

    /**
     * Before an ImageIO reader decodes {@code source}: its coded data is for the checked {@code
     * header}. A PNG's image data inflates to no more than that size needs ({@link IdatFeed#excess};
     * the JDK reader stops at the rows it needs and never looks further, so excess data would pass
     * unnoticed), a WebP's first frame has the size of its canvas ({@link WebpFrames}), and the JPEG
     * or PNG a BMP embeds has the BMP's size ({@link BmpEmbedded}).
     *
     * @throws ImagingException CORRUPT when one of them does not hold
     */
    static void requireCodedAsChecked(byte[] source, ImageHeader header) throws ImagingException {
        if ("png".equals(header.formatName())) {
            PngChunks chunks = PngChunks.parse(source);
            String excess = chunks == null ? null : IdatFeed.excess(source, chunks);
            if (excess != null) {
                throw new ImagingException(ImagingException.Kind.CORRUPT, excess);
            }
        } else if ("webp".equals(header.formatName())) {
            requireCoded(header, WebpFrames.codedSize(source), "its first frame's header");
        } else if ("bmp".equals(header.formatName())) {
            requireCoded(header, BmpEmbedded.codedSize(source), "its embedded image");
        }
    }

    private static void requireCoded(ImageHeader header, Dimensions coded, String what) throws ImagingException {
        if (coded != null) {
            require(
                    header.formatName(),
                    new Dimensions(header.width(), header.height()),
                    what,
                    coded.width(),
                    coded.height());
        }
    }

    /**
     * @param format  the source's format, for the message
     * @param checked the size that was checked (reduced as the decode reduces it)
     * @param decoder what reports the other size, e.g. {@code "the VP8 frame"}
     * @throws ImagingException CORRUPT unless {@code width x height} is {@code checked}
     */
    static void require(String format, Dimensions checked, String decoder, int width, int height)
            throws ImagingException {
        if (width != checked.width() || height != checked.height()) {
            throw new ImagingException(
                    ImagingException.Kind.CORRUPT,
                    format + ": the size checked against the limits is " + checked + ", " + decoder + " says " + width
                            + "x" + height);
        }
    }
}
