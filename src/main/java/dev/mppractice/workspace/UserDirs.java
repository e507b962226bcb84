package dev.mppractice.workspace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The folders of the person running mp-practice, named as their platform names them, from the
 * environment the command runs in (so that tests can give their own).
 *
 * @param home            the home folder: {@code $HOME}, or {@code %USERPROFILE%} on Windows
 * @param state           where mp-practice remembers things across workspaces (the workspaces used):
 *                        {@code $XDG_STATE_HOME/mp-practice} (else {@code ~/.local/state/mp-practice}) on
 *                        Linux and other Unixes, {@code ~/Library/Application Support/mp-practice} on
 *                        macOS, {@code %LOCALAPPDATA%\mp-practice} on Windows
 * @param mavenRepository the local Maven repository: {@code <localRepository>} of
 *                        {@code ~/.m2/settings.xml}, else {@code ~/.m2/repository}
 */
public record UserDirs(Path home, Path state, Path mavenRepository) {
    /**
     * What a {@code settings.xml} is read with, made only when there is one to read: every command finds its user's
     * folders, and compiling the two expressions cost the start of each about 5 ms.
     */
    private static final class Settings {
        static final Pattern LOCAL_REPOSITORY = Pattern.compile("<localRepository>\\s*([^<]+?)\\s*</localRepository>");
        static final Pattern COMMENT = Pattern.compile("(?s)<!--.*?-->");
    }

    public static UserDirs of(Map<String, String> env, String osName, String userHome) {
        boolean windows = osName.startsWith("Windows");
        String h = windows ? var(env, "USERPROFILE") : var(env, "HOME");
        Path home = Path.of(h != null ? h : userHome).toAbsolutePath().normalize();
        Path state;
        if (windows) {
            String local = var(env, "LOCALAPPDATA");
            state = (local != null ? Path.of(local) : home.resolve("AppData").resolve("Local")).resolve("mp-practice");
        } else if (osName.startsWith("Mac")) {
            state = home.resolve("Library").resolve("Application Support").resolve("mp-practice");
        } else {
            String xdg = var(env, "XDG_STATE_HOME");
            state = (xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(".local").resolve("state")).resolve("mp-practice");
        }
        return new UserDirs(home, state, mavenRepository(home));
    }

    private static Path mavenRepository(Path home) {
        Path m2 = home.resolve(".m2");
        Path settings = m2.resolve("settings.xml");
        if (Files.isRegularFile(settings)) {
            try {
                Matcher m = Settings.LOCAL_REPOSITORY.matcher(Settings.COMMENT.matcher(Files.readString(settings, StandardCharsets.UTF_8)).replaceAll(""));
                if (m.find()) {
                    String dir = m.group(1).replace("${user.home}", home.toString());
                    if (!dir.contains("${")) return home.resolve(dir).normalize();
                    return null;   // a value only Maven can work out: leave that repository alone
                }
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
        return m2.resolve("repository");
    }

    private static String var(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v;
    }
}
