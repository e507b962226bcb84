package dev.mppractice.cli;

import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** {@code --version}: this tool's version (from the jar's Maven descriptor) and the Java it runs on. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
            "mp-practice " + version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ") at " + System.getProperty("java.home"),
        };
    }

    static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("/META-INF/maven/dev.mppractice/mp-practice/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (Exception ignored) {
            // fall through
        }
        return "(development build)";
    }
}
