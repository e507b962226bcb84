package dev.mppractice.checker;

import dev.mppractice.catalogue.Catalogue;
import dev.mppractice.catalogue.Exercise;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The catalogue's own check: every reference solution passes, every starter compiles and does not pass. */
public final class CatalogueCheck {
    private final Checker checker;

    public CatalogueCheck(Checker checker) {
        this.checker = checker;
    }

    public List<Finding> run(Catalogue catalogue, int repeat, Consumer<String> progress) {
        return new ArrayList<>();
    }

    /** One finding: {@code what} is {@code "solution"} or {@code "starter"}. */
    public record Finding(Exercise exercise, String what, boolean ok, String detail) {
    }
}
