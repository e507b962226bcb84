package dev.mppractice.catalogue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * The catalogue the tool carries: the folder {@code exercises/} beside this class, which is a
 * directory when running from {@code target/classes} and a folder inside the jar otherwise (read
 * through {@link java.util.jar.JarFile}, with no index needed to list it).
 */
final class BuiltinCatalogue {
    static final String FOLDER = "exercises";

    private BuiltinCatalogue() {
    }

    static Catalogue load() throws CatalogueException {
        Path home = codeSource();
        if (home != null && Files.isDirectory(home)) {
            Path dir = home.resolve(FOLDER);
            if (!Files.isDirectory(dir)) throw missing(dir.toString());
            return Catalogue.load(dir);
        }
        if (home != null && Files.isRegularFile(home)) {
            try {
                CatalogueFiles files = new CatalogueFiles.InJar(home, FOLDER);
                if (!files.isDirectory("")) throw missing(home + "!/" + FOLDER);
                return new CatalogueLoader(files).loadOnDemand();
            } catch (IOException e) {
                throw new CatalogueException(home + ": the built-in catalogue cannot be read from the jar: "
                        + e.getMessage(), e);
            }
        }
        throw missing("the class path");
    }

    /** The directory or jar this class was loaded from. */
    private static Path codeSource() {
        try {
            CodeSource cs = BuiltinCatalogue.class.getProtectionDomain().getCodeSource();
            if (cs != null && cs.getLocation() != null && "file".equals(cs.getLocation().getProtocol())) {
                return Path.of(cs.getLocation().toURI());
            }
            URL url = BuiltinCatalogue.class.getResource("BuiltinCatalogue.class");
            if (url != null && "jar".equals(url.getProtocol())) {
                String s = url.toString();
                return Path.of(new java.net.URI(s.substring("jar:".length(), s.indexOf("!/"))));
            }
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
        return null;
    }

    private static CatalogueException missing(String where) {
        return new CatalogueException(where + ": the built-in catalogue (" + FOLDER + "/) is missing: rebuild with"
                + " mvn package, or name a catalogue with --catalogue DIR");
    }
}
