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
        var operations = List.of(new Request("add", 10, 5), new Request("mul", 4, 7), new Request("add", 100, 200));
        // TODO: open a Pipe and run calculator in a Process with one end of it.
        //       Send each operation, receive its result, and print "add(10, 5) = 15" and so on.
        //       Then send "stop" to shut the calculator down, and join the process.
    }
}
