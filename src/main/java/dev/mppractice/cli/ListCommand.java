package dev.mppractice.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    static String json(List<Progress.Entry> entries) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode array = mapper.createArrayNode();
        for (Progress.Entry e : entries) {
            ObjectNode o = array.addObject();
            o.put("number", e.exercise().number());
            o.put("slug", e.exercise().slug());
            o.put("title", e.exercise().title());
            o.put("status", e.status().label());
            o.put("file", e.file() == null ? null : e.file().toString());
            o.put("hintsShown", e.hintsShown());
            o.put("hintsTotal", e.hintsTotal());
            o.put("current", e.current());
            o.put("passedAt", e.saved().passedAt);
            o.put("checks", e.saved().checks);
            o.put("lastOutcome", e.saved().lastOutcome);
            ArrayNode topics = o.putArray("topics");
            e.exercise().topics().forEach(topics::add);
        }
        return mapper.writeValueAsString(array);
    }
}
