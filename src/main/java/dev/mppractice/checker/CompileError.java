package dev.mppractice.checker;

import java.nio.file.Path;

/** One compiler diagnostic of kind error, located in the learner's file (line and column from 1, 0 when unknown). */
public record CompileError(Path file, long line, long column, String message) {
}
