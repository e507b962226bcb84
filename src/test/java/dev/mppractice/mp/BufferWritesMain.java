package dev.mppractice.mp;

/**
 * A parent that makes a block of the size its argument gives and starts, one after the other, a child that writes
 * its first byte and a child that writes every byte; then it closes the block. Run with a record, to read what each
 * process's {@code buffer-close} says it changed.
 */
public final class BufferWritesMain {
    private BufferWritesMain() {
    }

    public static void main(String[] args) {
        int size = Integer.parseInt(args[0]);
        try (SharedBuffer b = SharedBuffer.create(size)) {
            String name = b.name();
            Process one = new Process(() -> {
                try (SharedBuffer mine = SharedBuffer.attach(name)) {
                    mine.asByteBuffer().put(0, (byte) 1);
                }
            }, "one-byte");
            one.start();
            one.join();
            Process all = new Process(() -> {
                try (SharedBuffer mine = SharedBuffer.attach(name)) {
                    var bytes = mine.asByteBuffer();
                    for (int i = 0; i < size; i++) {
                        bytes.put(i, (byte) 7);
                    }
                }
            }, "every-byte");
            all.start();
            all.join();
            b.unlink();
        }
    }
}
