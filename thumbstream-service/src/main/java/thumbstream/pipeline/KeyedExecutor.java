package thumbstream.pipeline;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs tasks on an executor so that tasks with the same key run one at a time in submission
 * order, tasks with different keys run in parallel, and at most {@code maxInFlight} run at once.
 *
 * <p>This is what lets one partition use several threads without reordering the events of one
 * object: a key's queue holds its waiting tasks, and a key is "ready" while it has tasks and none
 * of them runs. Ready keys start in the order they became ready.
 *
 * <p>Concurrency: every method is synchronized on this; tasks run outside the lock.
 */
final class KeyedExecutor {

    private final ExecutorService executor;
    private final int maxInFlight;
    private final Map<Object, Queue<Runnable>> waitingByKey = new HashMap<>();
    private final Queue<Object> readyKeys = new ArrayDeque<>();
    private int running;

    KeyedExecutor(ExecutorService executor, int maxInFlight) {
        this.executor = executor;
        this.maxInFlight = maxInFlight;
    }

    /** Queues {@code task} behind earlier tasks of {@code key}. */
    synchronized void submit(Object key, Runnable task) {
        Queue<Runnable> queue = waitingByKey.get(key);
        if (queue == null) {
            queue = new ArrayDeque<>();
            waitingByKey.put(key, queue);
            readyKeys.add(key); // no task of this key is running or waiting: it can start
        }
        queue.add(task);
        startReady();
    }

    /** Tasks of {@code key} waiting or running, for tests. */
    synchronized int pending(Object key) {
        Queue<Runnable> q = waitingByKey.get(key);
        return q == null ? 0 : q.size();
    }

    private void startReady() {
        while (running < maxInFlight && !readyKeys.isEmpty()) {
            Object key = readyKeys.poll();
            Runnable task = waitingByKey.get(key).peek(); // stays queued while it runs: the key is busy
            running++;
            try {
                executor.execute(() -> {
                    try {
                        task.run();
                    } finally {
                        finished(key);
                    }
                });
            } catch (RejectedExecutionException e) {
                // The executor is shutting down (partition revoked or service stopping): the task's
                // record stays unfinished and is redelivered to whoever owns the partition next.
                running--;
                return;
            }
        }
    }

    private synchronized void finished(Object key) {
        running--;
        Queue<Runnable> queue = waitingByKey.get(key);
        queue.poll();
        if (queue.isEmpty()) {
            waitingByKey.remove(key);
        } else {
            readyKeys.add(key);
        }
        startReady();
    }
}
