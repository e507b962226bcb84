package dev.mppractice.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import picocli.CommandLine;

/** The jar's entry point: {@code java -jar mp-practice.jar [command] [options]}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            org.fusesource.jansi.AnsiConsole.systemInstall();   // ANSI colours on the Windows console
        }
        CommandLine cl = Cli.commandLine(Env.system(), args);
        cl.setOut(new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), Env.outputCharset()), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), Env.outputCharset()), true));
        int code;
        try {
            code = cl.execute(args);
        } finally {
            Cli.finish(cl);
        }
        cl.getOut().flush();
        cl.getErr().flush();
        System.exit(code);
    }
}
