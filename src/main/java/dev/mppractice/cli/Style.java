package dev.mppractice.cli;

import org.fusesource.jansi.Ansi;

/**
 * Colours and symbols for the learner's screen. Plain text when colour is off (not a terminal,
 * {@code NO_COLOR}, {@code --color=never}); ASCII symbols when the terminal does not take UTF-8.
 */
public final class Style {
    private final boolean color;
    private final boolean unicode;

    public Style(boolean color, boolean unicode) {
        this.color = color;
        this.unicode = unicode;
    }

    public static Style plain() {
        return new Style(false, false);
    }

    public boolean color() {
        return color;
    }

    public boolean unicode() {
        return unicode;
    }

    public String bold(String s) {
        return paint(s, a -> a.bold());
    }

    public String dim(String s) {
        return paint(s, a -> a.a(Ansi.Attribute.INTENSITY_FAINT));
    }

    public String red(String s) {
        return paint(s, a -> a.fg(Ansi.Color.RED));
    }

    public String green(String s) {
        return paint(s, a -> a.fg(Ansi.Color.GREEN));
    }

    public String yellow(String s) {
        return paint(s, a -> a.fg(Ansi.Color.YELLOW));
    }

    public String cyan(String s) {
        return paint(s, a -> a.fg(Ansi.Color.CYAN));
    }

    public String boldRed(String s) {
        return paint(s, a -> a.bold().fg(Ansi.Color.RED));
    }

    public String boldGreen(String s) {
        return paint(s, a -> a.bold().fg(Ansi.Color.GREEN));
    }

    /** A command the learner can type, set apart from the prose around it. */
    public String command(String s) {
        return paint(s, a -> a.bold().fg(Ansi.Color.CYAN));
    }

    public String pass() {
        return unicode ? "✓" : "[ok]";
    }

    public String fail() {
        return unicode ? "✗" : "[x]";
    }

    public String arrow() {
        return unicode ? "→" : "->";
    }

    public String bullet() {
        return unicode ? "•" : "*";
    }

    /** A progress bar of {@code width} cells, {@code done} of {@code total} filled. */
    public String bar(long done, long total, int width) {
        int filled = total == 0 ? 0 : (int) Math.round((double) width * done / total);
        String full = (unicode ? "█" : "#").repeat(filled);
        String empty = (unicode ? "░" : ".").repeat(width - filled);
        return (unicode ? "" : "[") + green(full) + dim(empty) + (unicode ? "" : "]");
    }

    private String paint(String s, java.util.function.UnaryOperator<Ansi> how) {
        if (!color || s.isEmpty()) return s;
        return how.apply(new Ansi()).a(s).reset().toString();
    }
}
