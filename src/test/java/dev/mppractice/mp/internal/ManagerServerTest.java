package dev.mppractice.mp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A manager's object as its server keeps it, called as the hub calls it, without the sockets between. */
class ManagerServerTest {
    private static Msg.Reader call(ManagedOp op, long timeoutNanos, Object... args) {
        return new Msg.Reader(Msg.of(Proto.M_CALL).str(op.name()).i64(timeoutNanos).i64(1).str("test")
                .blob(Codec.encode(new java.util.ArrayList<>(List.of(args)), "arguments")).bytes());
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
    /**
     * A recorded wait asks twice, a look that does not wait, then the wait itself, with the same token: a set and a clear
     * between the two still wake it, as they would a wait that asked once (a prober's waiter missed 22 pulses of 100 when
     * recorded, 8 when not). The second call counts the sets from the first one's look.
     */
    @Test
    void aWaitAskedTwiceWithOneTokenCountsTheSetsFromItsFirstLook() throws Exception {
        Object state = ManagedType.EVENT.create(null);
        ManagerServer.ServedObject event = new ManagerServer.ServedObject(ManagedType.EVENT, state);
        long token = 42;
        assertEquals(Proto.TIMED_OUT, new Msg.Reader(event.call(call(ManagedOp.EVENT_WAIT, 0, token))).type, "not set: the look does not wait");
        event.call(call(ManagedOp.EVENT_SET, -1));
        event.call(call(ManagedOp.EVENT_CLEAR, -1));
        assertEquals(Proto.OK, new Msg.Reader(event.call(call(ManagedOp.EVENT_WAIT, TimeUnit.MILLISECONDS.toNanos(200), token))).type,
                "set since the first look");
        assertEquals(Proto.TIMED_OUT, new Msg.Reader(event.call(call(ManagedOp.EVENT_WAIT, TimeUnit.MILLISECONDS.toNanos(60), token))).type,
                "the token is spent once its wait returned: a new wait counts from now");
    }
}
