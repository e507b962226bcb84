package dev.mppractice.mp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;

/** An exception that came back from another process, rebuilt here. */
class RemoteFailureTest {
    /**
     * Its own stack trace starts where it was rebuilt for the caller, not inside the reflection that made it: the
     * checker shows the first frame of each exception, and learners read "at NativeConstructorAccessorImpl".
     */
    @Test
    void aRebuiltExceptionsTraceStartsAtItsCallerNotInReflection() {
        RuntimeException back = rebuiltHere();
        assertInstanceOf(IllegalStateException.class, back);
        StackTraceElement top = back.getStackTrace()[0];
        assertEquals(RemoteFailureTest.class.getName() + ".rebuiltHere", top.getClassName() + "." + top.getMethodName(),
                () -> java.util.Arrays.toString(back.getStackTrace()));
    }

    private static RuntimeException rebuiltHere() {
        return RemoteFailure.of(new IllegalStateException("in a worker"), "PoolWorker-1").toException();
    }
}
