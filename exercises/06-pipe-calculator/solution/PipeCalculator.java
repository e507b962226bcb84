import dev.mppractice.mp.Connection;
import dev.mppractice.mp.Pipe;
import dev.mppractice.mp.Process;

import java.io.Serializable;
import java.util.List;

public class PipeCalculator {

    record Request(String op, int a, int b) implements Serializable {}

    static void calculator(Connection conn) {
        while (true) {
            Object msg = conn.recv();
            if (msg.equals("stop")) {
                conn.close();
                break;
            }
            var request = (Request) msg;
            switch (request.op()) {
                case "add" -> conn.send(request.a() + request.b());
                case "mul" -> conn.send(request.a() * request.b());
                default -> throw new IllegalArgumentException("unknown operation " + request.op());
            }
        }
    }

    public static void main(String[] args) throws InterruptedException {
        var pipe = Pipe.open();
        var parentConn = pipe.left();
        var childConn = pipe.right();
        var p = new Process(() -> calculator(childConn));
        p.start();

        var operations = List.of(new Request("add", 10, 5), new Request("mul", 4, 7), new Request("add", 100, 200));
        for (var request : operations) {
            parentConn.send(request);
            int result = parentConn.recv();
            System.out.printf("%s(%d, %d) = %d%n", request.op(), request.a(), request.b(), result);
        }
        parentConn.send("stop");
        p.join();
    }
}
