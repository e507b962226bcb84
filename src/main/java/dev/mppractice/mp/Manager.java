package dev.mppractice.mp;

import dev.mppractice.mp.internal.CannotTravel;
import dev.mppractice.mp.internal.ChildProcess;
import dev.mppractice.mp.internal.Codec;
import dev.mppractice.mp.internal.Context;
import dev.mppractice.mp.internal.DictProxy;
import dev.mppractice.mp.internal.ListProxy;
import dev.mppractice.mp.internal.ManagedObject;
import dev.mppractice.mp.internal.ManagedType;
import dev.mppractice.mp.internal.ManagerServer;
import dev.mppractice.mp.internal.Msg;
import dev.mppractice.mp.internal.Proto;
import dev.mppractice.mp.internal.RecordEvent;
import dev.mppractice.mp.internal.Recorder;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A server process that holds shared objects (Python's {@code multiprocessing.Manager()}): dicts,
 * lists, namespaces, queues, locks, events and values.
 *
 * <pre>{@code
 * try (Manager manager = Manager.start()) {
 *     Map<Integer, String> results = manager.dict();
 *     try (Pool pool = new Pool(4)) {
 *         pool.map(i -> results.put(i, "done"), List.of(1, 2, 3));
 *     }
 *     System.out.println(results); // {1=done, 2=done, 3=done}
 * }
 * }</pre>
 *
 * <p>{@link #dict()}, {@link #list()}, {@link #namespace()}, {@link #queue()}, {@link #lock()},
 * {@link #event()} and {@link #value(Object)} return proxies: every operation is sent to the manager
 * and carried out there, one at a time, so processes see each other's changes. Proxies can be
 * captured by tasks. An exception inside the manager (an index out of bounds) comes back to the
 * caller. Only processes of this tree, which know its secret key, can connect. The manager itself
 * stays in the process that started it: a task that captures it is refused; pass the proxies.
 *
 * <p>When the manager process has ended (closed, or killed), every proxy call throws
 * {@link ClosedException} saying so, a call that was waiting in the manager (a queue's
 * {@code get}, a lock's {@code acquire}, an event's {@code await}) included.
 */
@CannotTravel(value = "a Manager", instead = "pass the proxies it made (manager.dict(), manager.list())")
public final class Manager implements AutoCloseable {
    /** This process's context, obtained once when the manager is started. */
    private final Context context;
    private final ChildProcess server;
    private volatile boolean closed;

    private Manager(Context context, ChildProcess server) {
        this.context = context;
        this.server = server;
    }

    /**
     * Starts the manager process and waits until it serves.
     *
     * @throws ProcessException if it could not start, or this program is ending
     */
    public static Manager start() {
        byte[] task = Codec.encode(new ManagerServer(), "the manager");
        Context ctx = Context.get();
        ChildProcess c = ChildProcess.start(ctx, ChildProcess.nextName(ctx, "Manager"), true, true, task);
        if (!c.awaitReady(Duration.ofSeconds(60))) {
            c.signal(true);
            throw new ProcessException("the manager process did not start (exit code " + c.exitCode() + ")");
        }
        Recorder.event(RecordEvent.MANAGER_START, "manager", c.pid());
        return new Manager(ctx, c);
    }

    /** A new shared map, kept by the manager. */
    public <K, V> Map<K, V> dict() {
        return new DictProxy<>(create(ManagedType.DICT, null));
    }

    /** A new shared list, kept by the manager. */
    public <E> List<E> list() {
        return new ListProxy<>(create(ManagedType.LIST, null));
    }

    /** A new, empty {@link Namespace}: named values kept by the manager. */
    public Namespace namespace() {
        return new Namespace(create(ManagedType.NAMESPACE, null));
    }

    /** A new, empty, unbounded {@link ManagedQueue} kept by the manager. */
    public <T> ManagedQueue<T> queue() {
        return new ManagedQueue<>(create(ManagedType.QUEUE, null));
    }

    /** A new, unlocked {@link ManagedLock} kept by the manager. */
    public ManagedLock lock() {
        return new ManagedLock(create(ManagedType.LOCK, null));
    }

    /** A new {@link ManagedEvent} kept by the manager, not set. */
    public ManagedEvent event() {
        return new ManagedEvent(create(ManagedType.EVENT, null));
    }

    /**
     * A new {@link ManagedValue} kept by the manager, holding {@code initial} (null allowed).
     *
     * @throws SerializationFailedException if {@code initial} cannot be serialized
     */
    public <T> ManagedValue<T> value(T initial) {
        return new ManagedValue<>(create(ManagedType.VALUE, initial));
    }

    private ManagedObject create(ManagedType type, Object initial) {
        if (closed) {
            throw new ClosedException("the manager is closed");
        }
        byte[] init = Codec.encode(initial, "the initial value");
        String id = context.peers().call(server.pid(),
                Msg.of(Proto.M_NEW).str(ManagerServer.REGISTRY).str(type.wireName()).blob(init).bytes()).str();
        return new ManagedObject(context, server.pid(), id, type);
    }

    /** The manager's pid. */
    public long pid() {
        return server.pid();
    }

    /** Stops the manager process; its objects are gone. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            context.peers().call(server.pid(), Msg.of(Proto.M_SHUTDOWN).str(ManagerServer.REGISTRY).bytes());
        } catch (ProcessException e) {
            // already gone
        }
        if (!server.await(Duration.ofSeconds(5))) {
            server.signal(true);
            server.await(Duration.ofSeconds(5));
        }
    }
}
