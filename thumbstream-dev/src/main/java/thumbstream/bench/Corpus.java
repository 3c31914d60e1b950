package thumbstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A named set of image files, read from disk on every render (as Pillow and vipsthumbnail do in
 * the side-by-side comparison; the OS page cache keeps them in memory after the first pass).
 *
 * @param name  what the report calls it: the folder's name, e.g. {@code product}
 * @param files the images, sorted by name
 * @param bytes their total size
 */
public record Corpus(String name, List<Path> files, long bytes) {

    private static final Set<String> IMAGE_EXTENSIONS =
            Set.of("jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "webp", "heic", "heif", "avif");

    public Corpus {
        files = List.copyOf(files);
    }

    /**
     * The corpora under {@code dir}: one per subfolder holding images (as the generator writes
     * them), or {@code dir} itself as one corpus when it holds images directly.
     */
    public static List<Corpus> under(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a directory");
        }
        List<Corpus> corpora = new ArrayList<>();
        Corpus direct = of(dir);
        if (!direct.files().isEmpty()) {
            corpora.add(direct);
        }
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.filter(Files::isDirectory).sorted().toList()) {
                Corpus corpus = of(child);
                if (!corpus.files().isEmpty()) {
                    corpora.add(corpus);
                }
            }
        }
        if (corpora.isEmpty()) {
            throw new IllegalArgumentException("no images (" + IMAGE_EXTENSIONS + ") in " + dir + " or its subfolders");
        }
        return corpora;
    }

    /** The images directly in {@code dir}. */
    public static Corpus of(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            List<Path> files = entries.filter(Files::isRegularFile)
                    .filter(Corpus::isImage)
                    .sorted()
                    .toList();
            long bytes = 0;
            for (Path file : files) {
                bytes += Files.size(file);
            }
            return new Corpus(dir.getFileName().toString(), files, bytes);
        }
    }

    public int size() {
        return files.size();
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
