package dev.mppractice.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.StringWriter;
import dev.mppractice.workspace.Progress;
import dev.mppractice.workspace.State;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", aliases = "ls", description = {"The exercises, their status, your hints and progress.", "", "The exercises, their status, the hints you revealed and your progress."})
final class ListCommand implements Callable<Integer> {
    private final Context ctx;

    @Option(names = "--json", description = "Print a JSON array, one object per exercise, for scripts and editors.")
    boolean json;

    ListCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        if (json) {
            ctx.keepToTheFixedWorkspaceRule(); // scripts get ./mp-workspace outside every workspace (CLI.md)
        }
        Progress progress = ctx.progress();
        State state = progress.read();
        List<Progress.Entry> entries = progress.entries(state);
        if (json) {
            ctx.out().println(json(entries));
            return ExitCodes.OK;
        }
        Reports r = new Reports(ctx.style(), ctx.prog());
        ctx.out().print(r.list(entries));
        Optional<Progress.Entry> current = entries.stream().filter(Progress.Entry::current).findFirst();
        if (current.isPresent()) {
            Progress.Entry c = current.get();
            String n = String.valueOf(c.exercise().number());
            ctx.out().println("  Next     " + switch (c.status()) {
                case NOT_STARTED -> ctx.cmd("start " + n) + "   (" + c.exercise().title() + ")";
                default -> ctx.cmd("check " + n) + " or " + ctx.cmd("watch");
            });
        } else if (!entries.isEmpty()) {
            ctx.out().println("  " + ctx.style().boldGreen("All " + entries.size() + " exercises pass. Well done!"));
        }
        return ExitCodes.OK;
    }

    /** The array scripts read; written with Jackson's streaming generator (no data-binding start-up cost). */
    static String json(List<Progress.Entry> entries) throws Exception {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartArray();
            for (Progress.Entry e : entries) {
                g.writeStartObject();
                g.writeNumberField("number", e.exercise().number());
                g.writeStringField("slug", e.exercise().slug());
                g.writeStringField("title", e.exercise().title());
                g.writeStringField("status", e.status().label());
                g.writeStringField("file", e.file() == null ? null : e.file().toString());
                g.writeNumberField("hintsShown", e.hintsShown());
                g.writeNumberField("hintsTotal", e.hintsTotal());
                g.writeBooleanField("current", e.current());
                g.writeStringField("passedAt", e.saved().passedAt);
                g.writeNumberField("checks", e.saved().checks);
                g.writeStringField("lastOutcome", e.saved().lastOutcome);
                g.writeArrayFieldStart("topics");
                for (String t : e.exercise().topics()) g.writeString(t);
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        return out.toString();
    }
}
