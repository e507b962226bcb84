package dev.mppractice.mp.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a type of the library that stays in the process that made it (a pool, a process, a
 * result not yet come): what a task captures, an argument, a queue item or a message of that type
 * is refused, on the caller's thread, with a message that names the type and says what to pass
 * instead, as Python's {@code Pool.__reduce__} refuses a pool. Read by {@link Codec} when Java
 * serialization finds the type not serializable.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface CannotTravel {
    /** The type as a sentence names it: {@code "a Pool"}. */
    String value();

    /** What to do instead: {@code "create it in the child"}. */
    String instead();

    /** Reads the annotation of a class that serialization refused. */
    final class Refusal {
        private Refusal() {
        }

        /**
         * Why the class named {@code className} cannot travel ({@code "a Pool cannot be passed to
         * another process; create it in the child"}), or null if it is not a {@link CannotTravel} type.
         */
        static String of(String className) {
            // with -Dsun.io.serialization.extendedDebugInfo=true the name is followed by a field trail
            String name = className == null ? "" : className.strip().split("\\s", 2)[0];
            try {
                CannotTravel c = Class.forName(name, false, CannotTravel.class.getClassLoader()).getAnnotation(CannotTravel.class);
                return c == null ? null : c.value() + " cannot be passed to another process; " + c.instead();
            } catch (ClassNotFoundException | LinkageError e) {
                return null;
            }
        }
    }
}
