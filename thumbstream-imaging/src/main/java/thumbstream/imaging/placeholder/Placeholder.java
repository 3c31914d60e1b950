package thumbstream.imaging.placeholder;

/**
 * What a client can show before a thumbnail loads; each field is null when it was not asked for.
 *
 * @param blurhash      a BlurHash string (4x3 components, 3x4 for portrait pictures)
 * @param thumbhash     a ThumbHash, standard base64 with padding
 * @param dominantColor {@code #rrggbb}
 * @param averageColor  {@code #rrggbb}
 */
public record Placeholder(String blurhash, String thumbhash, String dominantColor, String averageColor) {}
