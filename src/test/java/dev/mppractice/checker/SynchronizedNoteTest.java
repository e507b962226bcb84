package dev.mppractice.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * A program refused for taking no shared lock, whose source uses {@code synchronized}, is told why that kept no other process
 * out: exercise 12's {@code static synchronized void work(...)} was told only "no lock was taken" (a learner tester's program).
 */
class SynchronizedNoteTest {
    @Test
    void aSynchronizedMethodOrBlockInTheCodeIsNoted() {
        assertEquals(Explanations.SYNCHRONIZED_NOTE,
                Explanations.synchronizedNote("class W {\n    static synchronized void work(IntValue c) { c.set(c.get() + 1); }\n}\n"));
        assertEquals(Explanations.SYNCHRONIZED_NOTE, Explanations.synchronizedNote("synchronized (W.class) {\n c.set(1);\n}"));
    }

    @Test
    void theWordInACommentOrAStringIsNot() {
        assertEquals("", Explanations.synchronizedNote("// not synchronized: processes\nclass W { /* synchronized */ }\n"));
        assertEquals("", Explanations.synchronizedNote("class W { String s = \"synchronized\"; }"));
        assertEquals("", Explanations.synchronizedNote("class W { void unsynchronizedWork() { } }"));
    }
}
