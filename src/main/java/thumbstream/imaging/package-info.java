/**
 * Turns the bytes of one uploaded image into its thumbnails.
 *
 * <p>{@link thumbstream.imaging.RenditionSpec} describes a wanted thumbnail (parsed from config),
 * {@link thumbstream.imaging.ImageProbe} reads an image's size from its header without decoding
 * pixels (so the pixel budget can be enforced before memory is spent), and
 * {@link thumbstream.imaging.ThumbnailRenderer} decodes a source once and derives every rendition
 * from that single decode. Failures are reported as {@link thumbstream.imaging.ImagingException}
 * with a {@link thumbstream.imaging.ImagingException.Kind} the pipeline maps to a failure reason.
 *
 * <p>This package knows nothing about storage, Kafka or threads: it is pure bytes in, bytes out,
 * and every public entry point is safe to call from several worker threads at once.
 */
package thumbstream.imaging;
