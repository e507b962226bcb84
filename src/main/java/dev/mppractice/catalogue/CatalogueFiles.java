package dev.mppractice.catalogue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The files of a catalogue, named by '/'-separated paths relative to its top ("" is the top):
 * a directory on disk, or a folder inside a jar read through {@link JarFile} (a zip file system
 * costs 50 ms and more to open on a fresh JVM, and every command loads the catalogue).
 */
interface CatalogueFiles {
    boolean isDirectory(String rel);

    boolean isFile(String rel);

    /** The names of the entries directly in {@code rel}, sorted. */
    List<String> list(String rel) throws IOException;

    byte[] read(String rel) throws IOException;

    /** How {@code rel} is named in messages. */
    String display(String rel);

    static String join(String a, String b) {
        return a.isEmpty() ? b : a + "/" + b;
    }

    /** A directory on disk. */
    final class OnDisk implements CatalogueFiles {
        private final Path root;
        private final String label;

        OnDisk(Path root, String label) {
            this.root = root;
            this.label = label;
        }

        private Path path(String rel) {
            return rel.isEmpty() ? root : root.resolve(rel);
        }

        @Override
        public boolean isDirectory(String rel) {
            return Files.isDirectory(path(rel));
        }

        @Override
        public boolean isFile(String rel) {
            return Files.isRegularFile(path(rel));
        }

        @Override
        public List<String> list(String rel) throws IOException {
            try (Stream<Path> s = Files.list(path(rel))) {
                return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
            }
        }

        @Override
        public byte[] read(String rel) throws IOException {
            return Files.readAllBytes(path(rel));
        }

        @Override
        public String display(String rel) {
            return rel.isEmpty() ? label : path(rel).toString();
        }
    }

    /**
     * The entries under a folder of a jar: their names listed at once, their bytes read when asked for
     * (a command reads a few of the catalogue's 300 files; inflating them all cost the start of every
     * command about 10 ms). The jar stays open for the life of the process, as the class loader keeps it.
     */
    final class InJar implements CatalogueFiles {
        private final String label;
        private final String prefix;
        private final JarFile jar;
        private final Map<String, JarEntry> files = new TreeMap<>();
        private final Map<String, TreeSet<String>> dirs = new TreeMap<>();

        /** Lists every entry under {@code folder/} of {@code jar}. */
        InJar(Path jar, String folder) throws IOException {
            this.label = jar + "!/" + folder;
            this.prefix = folder + "/";
            this.jar = new JarFile(jar.toFile(), false);
            for (Enumeration<JarEntry> en = this.jar.entries(); en.hasMoreElements(); ) {
                JarEntry e = en.nextElement();
                if (!e.getName().startsWith(prefix)) continue;
                String rel = e.getName().substring(prefix.length());
                if (rel.endsWith("/")) rel = rel.substring(0, rel.length() - 1);
                if (rel.isEmpty()) {
                    dirs.computeIfAbsent("", k -> new TreeSet<>());
                    continue;
                }
                addParents(rel);
                if (e.isDirectory()) {
                    dirs.computeIfAbsent(rel, k -> new TreeSet<>());
                } else {
                    files.put(rel, e);
                }
            }
        }

        private void addParents(String rel) {
            int slash = rel.lastIndexOf('/');
            String parent = slash < 0 ? "" : rel.substring(0, slash);
            String name = slash < 0 ? rel : rel.substring(slash + 1);
            boolean known = dirs.containsKey(parent);
            dirs.computeIfAbsent(parent, k -> new TreeSet<>()).add(name);
            if (!known && !parent.isEmpty()) addParents(parent);
        }

        @Override
        public boolean isDirectory(String rel) {
            return dirs.containsKey(rel);
        }

        @Override
        public boolean isFile(String rel) {
            return files.containsKey(rel);
        }

        @Override
        public List<String> list(String rel) {
            TreeSet<String> names = dirs.get(rel);
            return names == null ? List.of() : new ArrayList<>(names);
        }

        @Override
        public byte[] read(String rel) throws IOException {
            JarEntry e = files.get(rel);
            if (e == null) throw new IOException("no entry " + display(rel));
            try (InputStream in = jar.getInputStream(e)) {
                return in.readAllBytes();
            }
        }

        @Override
        public String display(String rel) {
            return rel.isEmpty() ? label : label + "/" + rel;
        }
    }
}
