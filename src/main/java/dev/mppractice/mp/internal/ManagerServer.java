package dev.mppractice.mp.internal;

import dev.mppractice.mp.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * What a manager process runs: it keeps dicts and lists and carries out every operation that
 * proxies in other processes send it, one at a time per object, until told to shut down.
 */
public final class ManagerServer implements Task {
    private static final long serialVersionUID = 1L;
    public static final String REGISTRY = "manager";

    private transient CountDownLatch shutdown;

    /** Starts serving; called before the parent is told the manager is ready. */
    void install() {
        shutdown = new CountDownLatch(1);
        CountDownLatch shutdown = this.shutdown;
        Context ctx = Context.get();
        ctx.serve(REGISTRY, (Served) r -> {
            switch (r.type) {
                case Proto.M_NEW -> {
                    String type = r.str();
                    String id = ctx.newId();
                    ctx.serve(id, "dict".equals(type) ? new ServedMap() : new ServedList());
                    return Msg.of(Proto.OK).str(id).bytes();
                }
                case Proto.M_SHUTDOWN -> {
                    shutdown.countDown();
                    return Msg.of(Proto.OK).bytes();
                }
                default -> throw new IllegalArgumentException("unknown manager request " + r.type);
            }
        });
    }

    @Override
    public void run() throws Exception {
        if (shutdown == null) {
            install();
        }
        shutdown.await();
    }

    private static byte[] reply(Object value) {
        return Msg.of(Proto.OK).blob(Codec.encode(value, "a manager reply")).bytes();
    }

    /** A dict kept by the manager; insertion-ordered, as Python's. */
    private static final class ServedMap implements Served {
        private final Map<Object, Object> map = new LinkedHashMap<>();

        @Override
        public synchronized byte[] call(Msg.Reader r) {
            String op = r.str();
            List<?> a = (List<?>) Codec.decode(r.blob());
            return reply(switch (op) {
                case "get" -> map.get(a.get(0));
                case "put" -> map.put(a.get(0), a.get(1));
                case "remove" -> map.remove(a.get(0));
                case "containsKey" -> map.containsKey(a.get(0));
                case "containsValue" -> map.containsValue(a.get(0));
                case "size" -> map.size();
                case "clear" -> {
                    map.clear();
                    yield null;
                }
                case "snapshot" -> new LinkedHashMap<>(map);
                default -> throw new UnsupportedOperationException("a manager dict cannot " + op);
            });
        }
    }

    /** A list kept by the manager. */
    private static final class ServedList implements Served {
        private final List<Object> list = new ArrayList<>();

        @Override
        public synchronized byte[] call(Msg.Reader r) {
            String op = r.str();
            List<?> a = (List<?>) Codec.decode(r.blob());
            return reply(switch (op) {
                case "get" -> list.get((Integer) a.get(0));
                case "set" -> list.set((Integer) a.get(0), a.get(1));
                case "add" -> list.add(a.get(0));
                case "addAt" -> {
                    list.add((Integer) a.get(0), a.get(1));
                    yield null;
                }
                case "removeAt" -> list.remove((int) (Integer) a.get(0));
                case "size" -> list.size();
                case "clear" -> {
                    list.clear();
                    yield null;
                }
                case "snapshot" -> new ArrayList<>(list);
                default -> throw new UnsupportedOperationException("a manager list cannot " + op);
            });
        }
    }
}
