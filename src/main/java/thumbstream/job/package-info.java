/**
 * One upload's work, free of Kafka and threads: fetch the original, render the renditions, store the
 * thumbnails, and describe the outcome as a {@link thumbstream.event.ThumbnailEvent}. The pipeline
 * decides when and how often a job runs; the job only says whether a failure is worth retrying.
 */
package thumbstream.job;
