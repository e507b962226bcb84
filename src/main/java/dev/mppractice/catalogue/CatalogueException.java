package dev.mppractice.catalogue;

import java.util.List;

/** A catalogue could not be loaded; the message names the file and the field at fault. */
public class CatalogueException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public CatalogueException(String message) {
        super(message);
        this.problems = List.of(message);
    }

    public CatalogueException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(message);
    }

    /** @param problems every problem found, each naming its file (and field) */
    public CatalogueException(String message, List<String> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, one sentence each, each naming its file and, where there is one, the field. */
    public List<String> problems() {
        return problems;
    }
}
