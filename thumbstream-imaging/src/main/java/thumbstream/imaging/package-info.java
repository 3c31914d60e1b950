/**
 * Turns the bytes of one uploaded image into its thumbnails.
 *
 * <p>{@link thumbstream.imaging.RenditionSpec} describes a wanted thumbnail (parsed from config),
 * {@link thumbstream.imaging.ImageProbe} reads an image's size from its header without decoding
 * pixels (so limits are enforced before memory is spent), and
 * {@link thumbstream.imaging.ThumbnailRenderer} decodes a source once and derives every rendition
 * from that single decode, upright per the source's EXIF orientation, in sRGB, and without any of
 * the source's metadata. A pixel {@link thumbstream.imaging.Budget} bounds the decoded pixels that
 * all concurrent renders hold together, a native one their codecs' buffers. Failures are reported as
 * {@link thumbstream.imaging.ImagingException} with a {@link thumbstream.imaging.ImagingException.Kind}
 * the pipeline maps to a failure reason.
 *
 * <p>JPEGs are decoded (reduced in the DCT domain) and encoded by libjpeg-turbo when Debian's
 * {@code libturbojpeg0} is installed ({@code TurboJpeg}, through JNA), else by ImageIO; the log
 * says once which ("JPEG decode: ..."). All other formats, and JPEGs that need colour management
 * (CMYK, YCCK, an ICC profile), go through ImageIO with the TwelveMonkeys plugins, except
 * HEIC/HEIF and AVIF, which libheif reads ({@code HeifDecoder}), and the common PNGs, which a row
 * decoder of our own reads ({@code PngRows}), inflating through libdeflate when Debian's
 * {@code libdeflate0} is installed ({@code WholeInflate}) and through {@code java.util.zip}
 * otherwise; the log says once which ("PNG inflate: ..."). WebP output is encoded by libwebp
 * ({@code WebpEncoder}), AVIF output by libheif's AV1 encoder ({@code AvifEncoder}), both through
 * JNA and loaded on first use; {@link thumbstream.imaging.Codecs} says at start-up which formats
 * this machine can encode, so a missing library fails the configuration, not a render.
 *
 * <p>This package knows nothing about storage or Kafka, and owns no threads: it is pure bytes in,
 * bytes out, and every public entry point is safe to call from several worker threads at once.
 * ImageIO readers and writers, libjpeg-turbo handles and buffers, and libdeflate decompressors and
 * buffers are kept per calling thread; libwebp and libheif objects live for one call and are freed
 * before it returns.
 */
package thumbstream.imaging;
