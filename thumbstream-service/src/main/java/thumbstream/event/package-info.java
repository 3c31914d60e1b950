/**
 * The wire formats of Thumbstream: what arrives on {@code uploads} and what leaves on {@code thumbnails}.
 *
 * <p>{@link thumbstream.event.EventDecoder} turns a record value into {@link thumbstream.event.UploadEvent}s.
 * It accepts both the native shape ({@code {"bucket":…,"key":…}}) and the S3 / MinIO bucket-notification
 * shape ({@code {"Records":[…]}}), and never throws: every value ends as {@link thumbstream.event.Decoded}
 * — uploads to process, something to ignore (test events, reads, tagging), or an invalid value with a
 * message a user can act on.
 *
 * <p>{@link thumbstream.event.ThumbnailEvent} is the result published per upload; its id comes from
 * {@link thumbstream.event.ResultIds} so consumers can drop duplicates. {@link thumbstream.event.EventJson}
 * holds the one configured Jackson mapper both directions use.
 *
 * <p>This package knows JSON and nothing else: no Kafka, storage or threading types live here, so every
 * class is a pure function of its input and safe to share between threads.
 */
package thumbstream.event;
