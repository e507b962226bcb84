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
    /** The run record's write events of this object in this process; made at its first write here. */
    private transient Writes writes;

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
     * Records a write of a value, saying whether it wrote 0 ({@code zero}): a flag put down or a count reset is
     * not the request or the result a rule looks for (exercise 15's stop request is its first write of 1).
     */
    final void recordWrite(boolean zero) {
        Writes w = writes;
        if (w == null) {
            if ("value".equals(kind)) {
                RecordEvent ev = RecordEvent.VALUE_WRITE;
                w = new Writes(Recorder.fixed(ev, kind, segmentName, "type", type, "zero", false, "locked", false),
                        Recorder.fixed(ev, kind, segmentName, "type", type, "zero", false, "locked", true),
                        Recorder.fixed(ev, kind, segmentName, "type", type, "zero", true, "locked", false),
                        Recorder.fixed(ev, kind, segmentName, "type", type, "zero", true, "locked", true));
            } else {
                RecordEvent ev = RecordEvent.ARRAY_WRITE;
                Recorder.Fixed unlocked = Recorder.fixed(ev, kind, segmentName, "type", type, "locked", false);
                Recorder.Fixed locked = Recorder.fixed(ev, kind, segmentName, "type", type, "locked", true);
                w = new Writes(unlocked, locked, unlocked, locked);
            }
            writes = w;
        }
        if (w.unlocked.on()) {
            boolean held = lock.isHeldByThisProcess();
            (zero ? (held ? w.lockedZero : w.unlockedZero) : (held ? w.locked : w.unlocked)).record();
        }
    }

    /**
     * The lines a write can be (under this object's lock or not; for a value, of 0 or not), formatted once (final
     * fields: seen whole). An array's writes have no {@code zero}: its zero lines are its others.
     */
    private record Writes(Recorder.Fixed unlocked, Recorder.Fixed locked, Recorder.Fixed unlockedZero, Recorder.Fixed lockedZero) {
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
