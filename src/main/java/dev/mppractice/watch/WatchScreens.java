package dev.mppractice.watch;

import dev.mppractice.catalogue.Exercise;
import dev.mppractice.checker.CheckResult;
import dev.mppractice.workspace.Progress;
import java.nio.file.Path;
import java.util.List;

/** The texts the watch screen is made of; the command line supplies them, so both explain things alike. */
public interface WatchScreens {
    /** The first line: the exercise and the progress. */
    String title(Exercise ex, List<Progress.Entry> entries);

    String report(Exercise ex, Path file, CheckResult result, int hintsShown);

    String list(List<Progress.Entry> entries);

    String hints(Exercise ex, int shown, boolean newest);

    String keys(boolean canMoveOn);

    /** Normal text set apart: a notice, or "Checking..." */
    String notice(String text);

    String error(String text);

    String dim(String text);
}
