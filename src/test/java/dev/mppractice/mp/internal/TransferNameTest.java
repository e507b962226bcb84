package dev.mppractice.mp.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A shared-memory segment named by another process is opened only when its name is one {@link Transfer}
 * makes, tx-PID-COUNT: nothing else reaches the file system (no path, no other folder).
 */
class TransferNameTest {
    @Test
    void theNamesTransferMakesAreValid() {
        assertTrue(Transfer.validName("tx-1-0"));
        assertTrue(Transfer.validName("tx-4242-17"));
        assertTrue(Transfer.validName("tx-9223372036854775807-9223372036854775807"));
    }

    @Test
    void anythingElseIsNot() {
        for (String name : new String[] {null, "", "tx", "tx-", "tx--", "tx-1", "tx-1-", "tx--1", "tx-a-1", "tx-1-b",
                "tx-1-2-3", "tx-1-2/../x", "../tx-1-2", "TX-1-2", "tx-12345678901234567890-1", "tx-1-12345678901234567890",
                " tx-1-2", "tx-1-2 ", "tx-+1-2", "tx-1-\u0661"}) {
            assertFalse(Transfer.validName(name), "not a transfer's name: " + name);
        }
    }
}
