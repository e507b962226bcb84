package dev.mppractice.mp;

import dev.mppractice.mp.internal.CannotTravel;
import dev.mppractice.mp.internal.ChildProcess;
import dev.mppractice.mp.internal.Codec;
import dev.mppractice.mp.internal.Context;
import dev.mppractice.mp.internal.DictProxy;
import dev.mppractice.mp.internal.ListProxy;
import dev.mppractice.mp.internal.ManagerServer;
import dev.mppractice.mp.internal.Msg;
import dev.mppractice.mp.internal.Proto;
import dev.mppractice.mp.internal.RecordEvent;
import dev.mppractice.mp.internal.Recorder;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A server process that holds shared dicts and lists (Python's {@code multiprocessing.Manager()}).
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
 * <p>{@link #dict()} and {@link #list()} return proxies: every operation is sent to the manager
 * and carried out there, one at a time, so processes see each other's changes. Proxies can be
 * captured by tasks. An exception inside the manager (an index out of bounds) comes back to the
 * caller. Only processes of this tree, which know its secret key, can connect. The manager itself
 * stays in the process that started it: a task that captures it is refused; pass the proxies.
 */
@CannotTravel(value = "a Manager", instead = "pass the proxies it made (manager.dict(), manager.list())")
public final class Manager implements AutoCloseable {
    private final ChildProcess server;
    private volatile boolean closed;

    private Manager(ChildProcess server) {
        this.server = server;
    }

    /**
     * Starts the manager process and waits until it serves.
     *
     * @throws ProcessException if it could not start, or this program is ending
     */
    public static Manager start() {
        byte[] task = Codec.encode(new ManagerServer(), "the manager");
        ChildProcess c = ChildProcess.start(ChildProcess.nextName("Manager"), true, true, task);
        if (!c.awaitReady(Duration.ofSeconds(60))) {
            c.signal(true);
            throw new ProcessException("the manager process did not start (exit code " + c.exitCode() + ")");
        }
        Recorder.event(RecordEvent.MANAGER_START, "manager", c.pid());
        return new Manager(c);
    }

    /** A new shared map, kept by the manager. */
    public <K, V> Map<K, V> dict() {
        return new DictProxy<>(server.pid(), create("dict"));
    }

    /** A new shared list, kept by the manager. */
    public <E> List<E> list() {
        return new ListProxy<>(server.pid(), create("list"));
    }

    private String create(String type) {
        if (closed) {
            throw new ClosedException("the manager is closed");
        }
        return Context.get().peers().call(server.pid(), Msg.of(Proto.M_NEW).str(ManagerServer.REGISTRY).str(type).bytes()).str();
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
            Context.get().peers().call(server.pid(), Msg.of(Proto.M_SHUTDOWN).str(ManagerServer.REGISTRY).bytes());
        } catch (ProcessException e) {
            // already gone
        }
        if (!server.await(Duration.ofSeconds(5))) {
            server.signal(true);
            server.await(Duration.ofSeconds(5));
        }
    }
}
