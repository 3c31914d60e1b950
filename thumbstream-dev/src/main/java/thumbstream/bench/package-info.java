/**
 * {@code thumbstream bench}: how fast the renderer is alone and the service end to end, with the
 * broker + S3 server ({@code thumbstream infra}) and the service ({@code thumbstream run}) in child
 * processes of their own ({@link thumbstream.bench.ChildJvm}), on real photos ({@code --images DIR})
 * or a deterministic generated corpus.
 *
 * <p>{@link thumbstream.bench.CorpusGenerator} writes the corpus to disk so that
 * {@code bench/compare.sh} can run Pillow and libvips on the very same files;
 * {@link thumbstream.bench.RendererBench} and {@link thumbstream.bench.EndToEndBench} measure;
 * {@link thumbstream.bench.BenchReport} prints the table and writes {@code results.json}.
 * Benchmarks are not tests: nothing here asserts a timing.
 */
package thumbstream.bench;
