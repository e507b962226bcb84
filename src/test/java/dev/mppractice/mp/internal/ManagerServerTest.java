package dev.mppractice.mp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A manager's object as its server keeps it, called as the hub calls it, without the sockets between. */
class ManagerServerTest {
    private static Msg.Reader call(ManagedOp op, long timeoutNanos) {
        return new Msg.Reader(Msg.of(Proto.M_CALL).str(op.name()).i64(timeoutNanos).i64(1).str("test")
                .blob(Codec.encode(List.of(), "arguments")).bytes());
    }

    /**
     * A set that wakes a waiter wakes it for good, as {@code threading.Event.set()} does, even when a clear comes before
     * the waiter looks at the flag again: the waiter was left waiting for the next set (a worker waiting for a go that
     * was given, then taken back, waited for ever). The two are made here while the test holds the object, so that the
     * waiter cannot look between them.
     */
    @Test
    void aSetWakesItsWaitersEvenWhenAClearFollowsBeforeTheyLookAgain() throws Exception {
        Object state = ManagedType.EVENT.create(null);
        ManagerServer.ServedObject event = new ManagerServer.ServedObject(ManagedType.EVENT, state);
        CompletableFuture<Integer> answer = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                answer.complete(new Msg.Reader(event.call(call(ManagedOp.EVENT_WAIT, TimeUnit.SECONDS.toNanos(3)))).type);
            } catch (Exception | Error e) {
                answer.completeExceptionally(e);
            }
        }, "waiter");
        waiter.start();
        while (waiter.getState() != Thread.State.TIMED_WAITING) {
            Thread.sleep(1);
        }
        synchronized (state) {
            event.call(call(ManagedOp.EVENT_SET, -1));
            event.call(call(ManagedOp.EVENT_CLEAR, -1));
        }
        assertEquals(Proto.OK, answer.get(10, TimeUnit.SECONDS), "the wait returned as set, not timed out (" + Proto.TIMED_OUT + ")");
        assertEquals(Proto.TIMED_OUT, new Msg.Reader(event.call(call(ManagedOp.EVENT_WAIT, TimeUnit.MILLISECONDS.toNanos(60)))).type,
                "a wait begun after the clear waits for the next set");
    }
}
