package dev.mppractice.catalogue;

/** A catalogue could not be loaded; the message names the file and the field at fault. */
public class CatalogueException extends Exception {
    private static final long serialVersionUID = 1L;

    public CatalogueException(String message) {
        super(message);
    }

    public CatalogueException(String message, Throwable cause) {
        super(message, cause);
    }
}
