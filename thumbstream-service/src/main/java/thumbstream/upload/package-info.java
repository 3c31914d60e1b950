/**
 * One upload's work, free of Kafka and threads: fetch the original, render the renditions, store the
 * thumbnails, and describe the outcome as a {@link thumbstream.event.ThumbnailEvent}. The pipeline
 * decides when and how often an upload is worked on; {@link thumbstream.upload.ThumbnailJob} only
 * says whether a failure is worth retrying. (In the rest of the code base a "job" is a backfill: a
 * set of uploads announced under one {@code jobId}; this package was called {@code job} before.)
 */
package thumbstream.upload;
