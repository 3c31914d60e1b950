/**
 * Where a {@code crop} rendition cuts: {@link thumbstream.imaging.crop.CropWindow} (the window
 * arithmetic shared by every gravity), {@link thumbstream.imaging.crop.AttentionCrop} (the
 * {@code crop=smart} saliency search, after libvips' {@code attention}) and {@link
 * thumbstream.imaging.crop.FocusPoint} (a {@code crop=focus} focal point, validated as it comes
 * from untrusted events and metadata). Rectangles are in source pixels of the picture as viewed.
 * Pure functions; no threads, no I/O.
 */
package thumbstream.imaging.crop;
