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

    final void recordWrite() {
        Writes w = writes;
        if (w == null) {
            RecordEvent ev = "value".equals(kind) ? RecordEvent.VALUE_WRITE : RecordEvent.ARRAY_WRITE;
            w = new Writes(Recorder.fixed(ev, kind, segmentName, "type", type, "locked", false),
                    Recorder.fixed(ev, kind, segmentName, "type", type, "locked", true));
            writes = w;
        }
        if (w.unlocked.on()) {
            (lock.isHeldByThisProcess() ? w.locked : w.unlocked).record();
        }
    }

    /** The two lines a write can be (under this object's lock or not), formatted once (final fields: seen whole). */
    private record Writes(Recorder.Fixed unlocked, Recorder.Fixed locked) {
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
