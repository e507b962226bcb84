package dev.mppractice.mp;

import dev.mppractice.mp.internal.Context;
import dev.mppractice.mp.internal.RecordEvent;
import dev.mppractice.mp.internal.Recorder;
import dev.mppractice.mp.internal.Segment;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;

/** What {@link Value} and {@link Array} share: a segment of shared memory and the lock in its header. */
abstract class SharedMemory implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String segmentName;
    private final int segmentSize;
    private final String kind;
    private final String type;
    private transient Segment segment;
    private transient Lock lock;
    /** The run record's write events of this object in this process; made at its first read or write here. */
    private transient Writes writes;
    /** The hold of the lock ({@link Lock#currentHold}) in which {@link #readBy} last read this value, in a recorded run. */
    private transient long readHold = Lock.NOT_HELD;
    private transient Thread readBy;

    SharedMemory(int dataBytes, String kind, String type) {
        Context ctx = Context.get();
        this.segment = Segment.create(ctx.dir(), ctx.newId(), dataBytes);
        this.segmentName = segment.name();
        this.segmentSize = segment.size();
        this.kind = kind;
        this.type = type;
        this.lock = new Lock(segment, 0, segmentName);
    }

    final Segment segment() {
        return segment;
    }

    /** Records a write of an array's element. */
    final void recordWrite() {
        recordWrite(false);
    }

    /**
     * Notes, for the run record, that this process read the value: a write in the same hold of its lock says so
     * ({@code read}), and the read and the write were then one step, which no other process could come between.
     */
    final void recordRead() {
        Writes w = writes;
        // Only a locked write says whether it read: once the value's locked writes are spent, a loop asks no more.
        if (w == null ? Recorder.on() : w.locked.on()) {
            readHold = lock.currentHold();
            readBy = Thread.currentThread();
        }
    }

    /**
     * Records a write of a value, saying whether it wrote 0 ({@code zero}): a flag put down or a count reset is
     * not the request or the result a rule looks for (exercise 15's stop request is its first write of 1).
     */
    final void recordWrite(boolean zero) {
        Writes w = writes();
        boolean locked = w.locked.on();
        if (locked || w.unlocked.on()) {
            long hold = lock.currentHold();
            if (hold == Lock.NOT_HELD) {
                (zero ? w.unlockedZero : w.unlocked).record();
            } else if (!locked) {
                return; // past the budget, and the value's first locked writes are written
            } else if (readBy == Thread.currentThread() && readHold == hold) {
                (zero ? w.lockedReadZero : w.lockedRead).record();
            } else {
                (zero ? w.lockedZero : w.locked).record();
            }
        }
    }

    private Writes writes() {
        Writes w = writes;
        if (w == null) {
            if ("value".equals(kind)) {
                // Past the kind's budget, a value's first few locked writes are written, and its first few unlocked
                // ones, whatever they wrote and whether they read (docs/record.md): the forms of each share a count.
                Recorder.Fixed unlocked = valueWrite(null, false, false, false);
                Recorder.Fixed locked = valueWrite(null, true, false, false);
                w = new Writes(unlocked, valueWrite(unlocked, false, false, true), locked, valueWrite(locked, true, false, true),
                        valueWrite(locked, true, true, false), valueWrite(locked, true, true, true));
            } else {
                RecordEvent ev = RecordEvent.ARRAY_WRITE;
                Recorder.Fixed unlocked = Recorder.fixed(ev, kind, segmentName, "type", type, "locked", false);
                Recorder.Fixed locked = Recorder.fixed(ev, kind, segmentName, "type", type, "locked", true);
                w = new Writes(unlocked, unlocked, locked, locked, locked, locked);
            }
            writes = w;
        }
        return w;
    }

    private Recorder.Fixed valueWrite(Recorder.Fixed twin, boolean locked, boolean read, boolean zero) {
        return Recorder.fixed(twin, RecordEvent.VALUE_WRITE, kind, segmentName, "type", type, "zero", zero, "locked", locked,
                "read", read);
    }

    /**
     * The lines a write can be, formatted once (final fields: seen whole): under this object's lock or not, for a value
     * of 0 or not and after a read of it in the same hold or not. An array's writes have neither {@code zero} nor
     * {@code read}: those lines are its others.
     */
    private record Writes(Recorder.Fixed unlocked, Recorder.Fixed unlockedZero, Recorder.Fixed locked, Recorder.Fixed lockedZero,
            Recorder.Fixed lockedRead, Recorder.Fixed lockedReadZero) {
    }

    /** The lock that guards this object, shared by every process that uses it. */
    public final Lock getLock() {
        return lock;
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        segment = Segment.open(Context.get().dir(), segmentName, segmentSize);
        lock = new Lock(segment, 0, segmentName);
    }
}
