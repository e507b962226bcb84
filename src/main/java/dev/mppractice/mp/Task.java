package dev.mppractice.mp;

import java.io.Serializable;

/**
 * A piece of work with no arguments and no result, run in another process: the target of a
 * {@link Process}. Write it as a lambda or a method reference; what it captures travels to the
 * child by Java serialization, so it must be serializable (library objects such as {@link Queue}
 * travel as live handles).
 */
@FunctionalInterface
public interface Task extends Serializable {
    void run() throws Exception;
}
