package dev.mppractice.checker;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Trims a run's standard error to what a learner needs: every line that is not a stack frame
 * (exception lines, "Caused by:", what the program printed itself), the frames of the learner's own
 * classes, and the frame where each exception was thrown; runs of library and JDK frames become one
 * line saying how many were left out.
 */
final class StderrTrimmer {
    static final int MAX_LINES = 200;
    private static final Pattern FRAME = Pattern.compile("^\\s+at \\S.*");
    private static final Pattern MORE = Pattern.compile("^\\s+\\.\\.\\. \\d+ (more|common frames omitted)\\s*$");
    /** What the JVM says about flags the checker gave, not about the learner's program. */
    private static final Pattern JVM_NOISE = Pattern.compile(
            "^(OpenJDK|Java HotSpot\\(TM\\)) 64-Bit Server VM warning: .*(Sharing|CDS|shared|archive).*");

    private final Set<String> learnerClasses;

    /** @param learnerClasses the top-level class names compiled from the learner's file */
    StderrTrimmer(Set<String> learnerClasses) {
        this.learnerClasses = learnerClasses;
    }

    String trim(String stderr) {
        List<String> in = OutputMatcher.lines(stderr);
        List<String> out = new ArrayList<>();
        int omitted = 0;
        boolean firstFrameOfBlock = false;
        for (String line : in) {
            if (JVM_NOISE.matcher(line).matches()) continue;
            if (MORE.matcher(line).matches()) {
                omitted += Integer.parseInt(line.trim().split(" ")[1]);
                continue;
            }
            if (FRAME.matcher(line).matches()) {
                if (isLearnerFrame(line) || firstFrameOfBlock) {
                    if (omitted > 0) out.add(omittedLine(omitted));
                    omitted = 0;
                    out.add(line);
                } else {
                    omitted++;
                }
                firstFrameOfBlock = false;
                continue;
            }
            if (omitted > 0) out.add(omittedLine(omitted));
            omitted = 0;
            out.add(line);
            firstFrameOfBlock = true;
        }
        if (omitted > 0) out.add(omittedLine(omitted));
        if (out.size() > MAX_LINES) {
            int more = out.size() - MAX_LINES;
            out = new ArrayList<>(out.subList(0, MAX_LINES));
            out.add("[... " + more + " more lines of standard error not shown]");
        }
        return out.isEmpty() ? "" : String.join("\n", out) + "\n";
    }

    private static String omittedLine(int n) {
        return "\t... " + n + (n == 1 ? " line" : " lines") + " of the mp library and the JDK left out";
    }

    /** {@code \tat QueuePrimes.lambda$main$0(QueuePrimes.java:12)} is the learner's; {@code java.base/...} is not. */
    boolean isLearnerFrame(String line) {
        String s = line.trim().substring(3);
        int paren = s.indexOf('(');
        if (paren >= 0) s = s.substring(0, paren);
        int slash = s.lastIndexOf('/');
        if (slash >= 0) s = s.substring(slash + 1);
        int dot = s.lastIndexOf('.');
        if (dot < 0) return false;
        String cls = s.substring(0, dot);
        int dollar = cls.indexOf('$');
        if (dollar >= 0) cls = cls.substring(0, dollar);
        return learnerClasses.contains(cls);
    }
}
