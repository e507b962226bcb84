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

    /**
     * A task's exception that main's pool call threw again is told as the task's: not as a call the library refused
     * (main's own top frame is the pool's rethrow), and with the worker it was raised in and the program's line there.
     * Exercise 23's starter, whose countPrimes threw in a worker, was told "where the library refused the call".
     */
    @Test
    void aTasksExceptionThrownAgainInTheCallerIsToldAsRaisedInItsWorker() {
        IllegalStateException inWorker = new IllegalStateException("the table was not loaded in this worker");
        inWorker.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("PoolInitializer", "countPrimes", "PoolInitializer.java", 40),
                new StackTraceElement("dev.mppractice.mp.internal.WorkerLoop", "apply", "WorkerLoop.java", 390)});
        RuntimeException back = RemoteFailure.of(inWorker, "PoolWorker-2 (pid 8731)").toException();
        java.util.List<Object> fields = java.util.Arrays.asList(Recorder.failureFields(back, "name", "MainProcess"));
        assertEquals(false, fields.get(fields.indexOf("library") + 1), fields::toString);
        assertEquals("PoolWorker-2 (pid 8731)", fields.get(fields.indexOf("raisedIn") + 1), fields::toString);
        assertEquals("PoolInitializer.java:40", fields.get(fields.indexOf("raisedAt") + 1), fields::toString);
        java.util.List<Object> own = java.util.Arrays.asList(Recorder.failureFields(new IllegalStateException("here")));
        assertEquals(-1, own.indexOf("raisedIn"), "an exception of the process's own was raised there");
    }

    private static RuntimeException rebuiltHere() {
        return RemoteFailure.of(new IllegalStateException("in a worker"), "PoolWorker-1").toException();
    }
}
