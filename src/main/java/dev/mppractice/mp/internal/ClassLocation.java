package dev.mppractice.mp.internal;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;

/** Where a class was loaded from: the jar or the classes directory of its code source. */
public final class ClassLocation {
    private ClassLocation() {
    }

    /** The absolute, normalized jar or directory {@code type} was loaded from; null if it has none or it is not a file. */
    public static Path of(Class<?> type) {
        try {
            CodeSource cs = type.getProtectionDomain().getCodeSource();
            return cs == null || cs.getLocation() == null ? null
                    : Path.of(cs.getLocation().toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }
}
