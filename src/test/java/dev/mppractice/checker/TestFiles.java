package dev.mppractice.checker;

import dev.mppractice.catalogue.Catalogue;
import dev.mppractice.catalogue.CatalogueException;
import dev.mppractice.catalogue.Exercise;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The checker tests' catalogue and fixtures, from the test class path. */
final class TestFiles {
    private TestFiles() {
    }

    static Path resource(String name) {
        URL url = TestFiles.class.getClassLoader().getResource(name);
        if (url == null) throw new IllegalStateException("no test resource " + name);
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The frozen copy of exercise 1 the fixtures are judged against. */
    static Exercise processBasics() {
        try {
            return Catalogue.load(resource("catalogues/checker")).find("process-basics").orElseThrow();
        } catch (CatalogueException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code fixtures/process-basics/<name>/ProcessBasics.java}. */
    static Path fixture(String name) {
        return resource("fixtures/process-basics/" + name + "/ProcessBasics.java");
    }
}
