package thumbstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** CPU by thread group between two snapshots counts each thread's own difference. */
class ChildThreadsTest {

    private static final String RENDER = ChildThreads.group("thumbstream-ren");

    @Test
    void aThreadThatEndedDoesNotCancelWhatTheOthersOfItsGroupUsed() {
        // given a long-lived render thread that is retired, and a new one doing this round's work
        Map<Long, ChildThreads.Task> before = Map.of(1L, new ChildThreads.Task(RENDER, 9_000));
        Map<Long, ChildThreads.Task> after = Map.of(2L, new ChildThreads.Task(RENDER, 300));

        // then the group used what the new thread used (summing by group first gave 300 - 9,000 -> 0)
        assertThat(ChildThreads.since(before, after)).containsEntry(RENDER, 300L);
    }

    @Test
    void threadsPresentInBothCountTheirDifference() {
        Map<Long, ChildThreads.Task> before =
                Map.of(1L, new ChildThreads.Task(RENDER, 1_000), 2L, new ChildThreads.Task(ChildThreads.JIT, 500));
        Map<Long, ChildThreads.Task> after =
                Map.of(1L, new ChildThreads.Task(RENDER, 1_700), 2L, new ChildThreads.Task(ChildThreads.JIT, 600));

        Map<String, Long> used = ChildThreads.since(before, after);

        assertThat(used).containsEntry(RENDER, 700L).containsEntry(ChildThreads.JIT, 100L);
        assertThat(ChildThreads.jitShare(used)).isEqualTo(0.125);
    }

    @Test
    void c1AndC2AreTheirOwnGroupsAndBothCountAsTheJit() {
        assertThat(ChildThreads.group("C2 CompilerThre")).isEqualTo(ChildThreads.JIT);
        assertThat(ChildThreads.group("C1 CompilerThre")).isEqualTo(ChildThreads.JIT_C1);
        Map<String, Long> used = Map.of(ChildThreads.JIT, 100L, ChildThreads.JIT_C1, 100L, RENDER, 800L);

        assertThat(ChildThreads.jitShare(used)).isEqualTo(0.2);
    }

    @Test
    void aSnapshotOfThisJvmHasItsThreadsWhereProcExists() {
        long pid = ProcessHandle.current().pid();
        Map<Long, ChildThreads.Task> threads = ChildThreads.snapshot(pid);

        if (java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/" + pid + "/task"))) {
            assertThat(threads).containsKey(pid); // the main thread's id is the process id
        } else {
            assertThat(threads).isEmpty();
        }
    }
}
