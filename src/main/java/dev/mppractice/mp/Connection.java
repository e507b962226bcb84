package dev.mppractice.mp;

import dev.mppractice.mp.internal.Codec;
import dev.mppractice.mp.internal.Context;
import dev.mppractice.mp.internal.Durations;
import dev.mppractice.mp.internal.Msg;
import dev.mppractice.mp.internal.PipeCore;
import dev.mppractice.mp.internal.Probe;
import dev.mppractice.mp.internal.Proto;
import dev.mppractice.mp.internal.RecordEvent;
import dev.mppractice.mp.internal.Recorder;
import dev.mppractice.mp.internal.Wire;
import java.io.EOFException;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.time.Duration;

/**
 * One end of a {@link Pipe}: sends objects to the other end and receives what it sends, with
 * message boundaries kept (Python's {@code multiprocessing.connection.Connection}).
 *
 * <p>Objects travel by serialization; {@link #send} serializes at once, on the caller's thread.
 * An end can be captured by a task and used in the child; the two ends then talk over a socket.
 * Captured on its own, an end moves to the child as soon as it arrives there; captured with its
 * {@link Pipe}, when the child first uses it (see {@link Pipe}). Use each end from one process at a
 * time.
 */
public final class Connection implements Serializable, AutoCloseable {
    private static final long serialVersionUID = 1L;

    private final String pipeId;
    private final long owner;
    private final int end;
    private final boolean duplex;
    /** This process's context: given by the Pipe that makes the end, or obtained once where it arrives. */
    private transient Context context;
    private transient PipeCore core;
    private transient Wire wire;
    private transient volatile boolean closed;
    /** The run record's send and receive events of this end in this process, made at its first use here. */
    private transient Events events;

    Connection(Context context, String pipeId, long owner, int end, boolean duplex, PipeCore core) {
        this.context = context;
        this.pipeId = pipeId;
        this.owner = owner;
        this.end = end;
        this.duplex = duplex;
        this.core = core;
    }

    /**
     * Sends an object to the other end.
     *
     * @throws SerializationFailedException if it cannot be serialized
     * @throws ProcessException if this end is closed, receive-only, or the other end is gone
     */
    public void send(Object obj) {
        checkOpen();
        if (!duplex && end == 0) {
            throw new ProcessException("this end of a one-way pipe only receives: send on right(), receive on left()");
        }
        byte[] bytes = Codec.encode(obj, "the message");
        bytes = events().send.sent(context, bytes);
        try {
            if (core != null) {
                core.send(end, bytes);
            } else {
                remote().send(bytes);
            }
        } catch (IOException e) {
            Codec.discard(bytes);
            throw new ProcessException("cannot send on the pipe: " + e.getMessage(), e);
        }
    }

    /**
     * Receives the next object, waiting as long as it takes.
     *
     * @throws ConnectionEOFException if the other end is closed and nothing is left to read
     */
    public <T> T recv() {
        return recv(null);
    }

    /**
     * Receives the next object, waiting at most {@code timeout} for it to arrive.
     *
     * @throws RecvTimeoutException if nothing arrived in time (nothing is lost: a later
     *     {@code recv} gets the next object)
     * @throws ConnectionEOFException if the other end is closed and nothing is left to read
     */
    @SuppressWarnings("unchecked")
    public <T> T recv(Duration timeout) {
        Recorder.timeoutGiven("Connection.recv", timeout);
        checkOpen();
        if (!duplex && end == 1) {
            throw new ProcessException("this end of a one-way pipe only sends: receive on left(), send on right()");
        }
        long nanos = timeout == null ? -1 : Math.max(0, timeout.toNanos());
        if (dev.mppractice.mp.internal.SlowedRun.RECEIVES) {
            dev.mppractice.mp.internal.SlowedRun.beforeReceive();
        }
        try {
            // A wait is recorded only once the call has waited a while (see Recorder.QUIET_WAIT_NANOS), with the
            // instant it began: the record tells a stuck run where each process waits, and a pipe answered within
            // microseconds (a round trip) costs no registration.
            boolean record = nanos != 0 && Recorder.on();
            long began = record ? System.nanoTime() : 0; // the clock is read only for a recorded call
            byte[] bytes = receive(record ? Recorder.quietPart(nanos) : nanos);
            if (bytes == null && record && Recorder.quietPart(nanos) != nanos) {
                try (Recorder.Wait w = Recorder.waitingSince("Connection.recv", "pipe", endId(), timeout, began)) {
                    try {
                        bytes = receive(Recorder.rest(nanos, began));
                    } catch (EOFException e) {
                        w.outcome("closed");
                        throw e;
                    }
                    if (bytes == null) w.outcome("timeout");
                }
            }
            if (bytes == null) {
                throw new RecvTimeoutException("nothing arrived on the pipe within " + Durations.human(timeout));
            }
            events().recv.received(bytes);
            return (T) dev.mppractice.mp.internal.Canary.received(Codec.decode(bytes));
        } catch (EOFException e) {
            endTold = true;
            throw new ConnectionEOFException("the other end of the pipe is closed and nothing is left to read");
        } catch (IOException e) {
            throw new ProcessException("cannot receive on the pipe: " + e.getMessage(), e);
        }
    }

    private byte[] receive(long nanos) throws IOException {
        return core != null ? core.receive(end, nanos) : remote().receive(nanos);
    }

    private boolean ready(long nanos) throws IOException {
        return core != null ? core.poll(end, nanos) : remote().poll(nanos);
    }

    /** True once recv() told this process that the pipe reached its end (it threw {@link ConnectionEOFException}). */
    private transient volatile boolean endTold;
    /** True once a waitFor that returned only ends already told was recorded for this end ({@link RecordEvent#SELECT_AT_END}). */
    private transient boolean spinRecorded;

    /**
     * Records, once for this end, that {@code waitFor} returned it (with nothing but ends already told) after recv()
     * had reported its end. Called by {@link Multiprocessing#waitFor}.
     */
    void readyAtItsEnd() {
        if (!spinRecorded) {
            spinRecorded = true;
            dev.mppractice.mp.internal.Recorder.event(RecordEvent.SELECT_AT_END, "pipe", endId());
        }
    }

    /** Whether recv() told this process that the pipe reached its end. */
    boolean endTold() {
        return endTold;
    }

    /** The pipe and end as the record names them in a wait: {@code 123:4 left}. */
    String endId() {
        return pipeId + " " + (end == 0 ? "left" : "right");
    }

    /** True if there is something to read now. */
    public boolean poll() {
        return poll(Duration.ZERO);
    }

    /** This end's {@code poll()}, watched for a busy wait in this process ({@link Probe}); made at first use. */
    private transient Probe pollProbe;

    /** True if there is something to read (or the other end closed) now, as the library asks it (not a program's probe). */
    boolean readyNow() {
        checkOpen();
        try {
            return ready(0);
        } catch (IOException e) {
            throw new ProcessException("cannot poll the pipe: " + e.getMessage(), e);
        }
    }

    /** True if there is something to read (or the other end closed) within {@code timeout}. */
    public boolean poll(Duration timeout) {
        Recorder.timeoutGiven("Connection.poll", timeout);
        checkOpen();
        long nanos = Math.max(0, timeout.toNanos());
        try {
            // recorded as recv's wait is: once it has waited a while
            boolean record = nanos != 0 && Recorder.on();
            long began = record ? System.nanoTime() : 0;
            long asked = nanos == 0 ? Probe.begin() : 0;
            boolean ready = ready(record ? Recorder.quietPart(nanos) : nanos);
            if (nanos == 0) {
                Probe probe = pollProbe;
                if (probe == null) pollProbe = probe = new Probe("Connection.poll");
                probe.answered(asked, ready);
            }
            if (!ready && record && Recorder.quietPart(nanos) != nanos) {
                try (Recorder.Wait w = Recorder.waitingSince("Connection.poll", "pipe", endId(), timeout, began)) {
                    ready = ready(Recorder.rest(nanos, began));
                    if (!ready) w.outcome("timeout");
                }
            }
            return ready;
        } catch (IOException e) {
            throw new ProcessException("cannot poll the pipe: " + e.getMessage(), e);
        }
    }

    /**
     * Closes this end: the other end reads end-of-stream after what was sent. Idempotent; an end closes at the end of a
     * try-with-resources block too, as CPython's {@code with conn:}.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (core != null) {
            core.close(end);
        } else if (wire != null) {
            wire.close();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    private void checkOpen() {
        if (closed) {
            throw new ClosedException("this end of the pipe is closed");
        }
    }

    private synchronized Wire remote() {
        if (wire == null) {
            wire = context.peers().open(owner, Msg.of(Proto.HELLO_PIPE).str(pipeId).u8(end).bytes());
        }
        return wire;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        checkOpen();
        serveFromHere();
        out.defaultWriteObject();
    }

    /** In the process that opened the pipe: lets the processes its ends travel to attach to it. */
    void serveFromHere() {
        if (core != null) {
            context.serve(pipeId, core);
        }
    }

    String pipeId() {
        return pipeId;
    }

    long owner() {
        return owner;
    }

    boolean duplex() {
        return duplex;
    }

    /** An end's two message events in a process (final fields: a thread that sees them sees both). */
    private record Events(Recorder.Fixed send, Recorder.Fixed recv) {
    }

    private Events events() {
        Events e = events;
        if (e == null) {
            String side = end == 0 ? "left" : "right";
            e = new Events(Recorder.fixed(RecordEvent.PIPE_SEND, "pipe", pipeId, "end", side),
                    Recorder.fixed(RecordEvent.PIPE_RECV, "pipe", pipeId, "end", side));
            events = e;
        }
        return e;
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        Context ctx = Context.get();
        context = ctx;
        if (ctx.pid() == owner) {
            core = (PipeCore) ctx.served(pipeId);
        } else {
            // Attach at once, so the other end sees end-of-stream when this process ends.
            remote();
        }
    }

    @Override
    public String toString() {
        return "Connection[" + pipeId + (end == 0 ? " left" : " right") + (closed ? " closed" : "") + "]";
    }
}
