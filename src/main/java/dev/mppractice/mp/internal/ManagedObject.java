package dev.mppractice.mp.internal;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;

/** What the proxies of a manager's objects share: where the object lives and how to call it. */
final class ManagedObject implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long manager;
    private final String id;
    private final String type;

    ManagedObject(long manager, String id, String type) {
        this.manager = manager;
        this.id = id;
        this.type = type;
    }

    Object call(String op, Object... args) {
        if (Recorder.on()) {
            String kind = switch (op) {
                case "put", "set", "add", "addAt" -> "put";
                case "get", "snapshot", "containsKey" -> "get";
                case "remove", "removeAt" -> "remove";
                case "size" -> "size";
                default -> "other";
            };
            Recorder.event(RecordEvent.MANAGER_OP, "manager", manager, "object", id, "type", type, "op", kind);
        }
        byte[] a = Codec.encode(new ArrayList<>(Arrays.asList(args)), "a " + type + " argument");
        Msg.Reader r = Context.get().peers().call(manager, Msg.of(Proto.M_CALL).str(id).str(op).blob(a).bytes());
        if (r.type != Proto.OK) {
            throw new dev.mppractice.mp.ClosedException("the manager no longer has this " + type
                    + " (was the manager closed?)");
        }
        return Codec.decode(r.blob());
    }

    @Override
    public String toString() {
        return type + " " + id + " in manager " + manager;
    }
}
