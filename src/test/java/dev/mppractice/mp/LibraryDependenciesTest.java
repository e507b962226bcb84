package dev.mppractice.mp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library depends on the JDK alone and knows nothing of the rest of the project: checked on
 * its sources (imports and fully qualified names) and on its compiled classes (every class their
 * constant pools refer to).
 */
class LibraryDependenciesTest {
    private static final String[] ALLOWED_PREFIXES = {"java.", "javax.", "jdk.", "dev.mppractice.mp."};
    /** The one JDK-internal API the library may use: signal handling, to report SIGTERM as -15. */
    private static final Set<String> ALLOWED_CLASSES = Set.of("sun.misc.Signal", "sun.misc.SignalHandler");

    private static boolean allowed(String name) {
        if (ALLOWED_CLASSES.contains(name)) {
            return true;
        }
        for (String prefix : ALLOWED_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static Path sources() {
        Path project = Path.of(System.getProperty("mp.project.dir", System.getProperty("user.dir")));
        Path dir = project.resolve("src/main/java/dev/mppractice/mp");
        assertTrue(Files.isDirectory(dir), "the library's sources are not at " + dir);
        return dir;
    }

    private static List<Path> javaFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(sources())) {
            List<Path> files = walk.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
            assertTrue(files.size() > 20, "the library's sources: " + files.size() + " files");
            return files;
        }
    }

    /** The code with comments, string and character literals and text blocks blanked out. */
    static String codeOnly(String src) {
        StringBuilder out = new StringBuilder(src.length());
        int i = 0;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (src.startsWith("//", i)) {
                while (i < src.length() && src.charAt(i) != '\n') {
                    i++;
                }
            } else if (src.startsWith("/*", i)) {
                int end = src.indexOf("*/", i + 2);
                i = end < 0 ? src.length() : end + 2;
                out.append(' ');
            } else if (src.startsWith("\"\"\"", i)) {
                int end = src.indexOf("\"\"\"", i + 3);
                i = end < 0 ? src.length() : end + 3;
                out.append("\"\"");
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < src.length() && src.charAt(i) != c) {
                    i += src.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
                out.append(c).append(c);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    @Test
    void theLibrarysSourcesImportNothingOutsideTheJdk() throws IOException {
        Pattern importLine = Pattern.compile("(?m)^\\s*import\\s+(?:static\\s+)?([\\w.]+?)(?:\\.\\*)?\\s*;");
        List<String> offending = new ArrayList<>();
        int imports = 0;
        for (Path file : javaFiles()) {
            Matcher m = importLine.matcher(codeOnly(Files.readString(file)));
            while (m.find()) {
                imports++;
                String name = m.group(1);
                boolean ok = allowed(name + ".") || allowed(name);
                if (!ok) {
                    offending.add(sources().relativize(file) + ": import " + name);
                }
            }
        }
        assertTrue(imports > 50, "imports found: " + imports);
        assertEquals(List.of(), offending);
    }

    @Test
    void theLibrarysSourcesNameNoClassOutsideTheJdkByItsFullName() throws IOException {
        // a dotted name from a package root down to a class: java.util.List, org.foo.Bar, dev.mppractice.cli.Main
        Pattern qualified = Pattern.compile(
                "(?<![\\w.])((?:java|javax|jdk|sun|com|org|net|io|dev|picocli|lombok|kotlin|scala|edu|info)\\.(?:[a-z_][\\w]*\\.)*[A-Z][\\w$]*)");
        List<String> offending = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (Path file : javaFiles()) {
            String code = codeOnly(Files.readString(file)).replaceAll("(?m)^\\s*(?:package|import)\\s[^;]*;", "");
            Matcher m = qualified.matcher(code);
            while (m.find()) {
                seen.add(m.group(1));
                if (!allowed(m.group(1))) {
                    offending.add(sources().relativize(file) + ": " + m.group(1));
                }
            }
        }
        assertTrue(seen.contains("sun.misc.Signal"), "the scan finds full names (sun.misc.Signal in ChildMain): " + seen);
        assertEquals(List.of(), offending);
    }

    // --- the compiled classes -----------------------------------------------------------------

    private static Path classesRoot() throws URISyntaxException {
        Path root = Path.of(Pool.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isDirectory(root), "the library's classes are not in a directory: " + root);
        return root;
    }

    /** Every class name a class file refers to: its constant pool's classes and the types in its descriptors. */
    static Set<String> referencedClasses(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classNames = new ArrayList<>();
        Set<Integer> stringConstants = new TreeSet<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNames.add(in.readUnsignedShort());
                case 8 -> stringConstants.add(in.readUnsignedShort());
                case 16, 19, 20 -> in.readUnsignedShort(); // MethodType, Module, Package
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 9, 10, 11, 12, 17, 18 -> in.readInt(); // refs, NameAndType, dynamic
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        Set<String> out = new TreeSet<>();
        Pattern descriptorType = Pattern.compile("L([\\w/$]+)[;<]");
        for (int index : classNames) {
            String name = utf8[index];
            Matcher m = descriptorType.matcher(name);
            if (name.startsWith("[")) {
                while (m.find()) {
                    out.add(m.group(1).replace('/', '.'));
                }
            } else {
                out.add(name.replace('/', '.'));
            }
        }
        for (int i = 1; i < count; i++) {
            if (utf8[i] != null && !stringConstants.contains(i)) {
                Matcher m = descriptorType.matcher(utf8[i]);
                while (m.find()) {
                    out.add(m.group(1).replace('/', '.'));
                }
            }
        }
        return out;
    }

    @Test
    void theLibrarysClassesReferToNothingOutsideTheJdk() throws Exception {
        Path root = classesRoot();
        Path library = root.resolve("dev/mppractice/mp");
        List<String> offending = new ArrayList<>();
        Set<String> all = new TreeSet<>();
        int classes = 0;
        try (Stream<Path> walk = Files.walk(library)) {
            for (Path file : walk.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList())) {
                classes++;
                try (InputStream in = Files.newInputStream(file)) {
                    for (String name : referencedClasses(in)) {
                        all.add(name);
                        if (!allowed(name)) {
                            offending.add(root.relativize(file) + " -> " + name);
                        }
                    }
                }
            }
        }
        assertTrue(classes > 30, "library classes found: " + classes);
        assertTrue(all.contains("java.lang.String") && all.contains("dev.mppractice.mp.internal.Context"),
                "the scan reads the constant pools");
        assertEquals(List.of(), offending);
    }

    @Test
    void theScansSeeReferencesOutsideTheJdk() throws IOException {
        // this test class refers to JUnit: the class-file scan must see it
        try (InputStream in = LibraryDependenciesTest.class.getResourceAsStream("LibraryDependenciesTest.class")) {
            Set<String> refs = referencedClasses(in);
            assertTrue(refs.contains("org.junit.jupiter.api.Assertions") && refs.contains("org.junit.jupiter.api.Test"), refs.toString());
            assertTrue(!allowed("org.junit.jupiter.api.Assertions") && !allowed("dev.mppractice.cli.Main")
                    && !allowed("sun.misc.Unsafe") && allowed("dev.mppractice.mp.internal.Wire"));
        }
        // the source scan sees code, not comments or strings
        String code = codeOnly("import a.b; // java.x.Y\n String s = \"org.evil.Thing\"; char c = '\"'; Object o = new org.evil.Other();");
        assertTrue(code.contains("org.evil.Other") && !code.contains("org.evil.Thing") && !code.contains("java.x.Y"), code);
    }
}
