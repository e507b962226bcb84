package dev.mppractice.workspace;

import dev.mppractice.catalogue.Exercise;
import java.util.List;
import java.util.Properties;

/** The text of the files that make a workspace a Maven project (see {@link IdeProject}). */
final class IdeFiles {
    static final String WORKSPACE_GROUP = "mp-practice.workspace";
    static final String WORKSPACE_ARTIFACT = "mp-workspace";

    /** Lets {@code mvn -o} read the workspace's own file repository (offline mode refuses every repository by default). */
    static final String MAVEN_CONFIG = "-Daether.offline.protocols=file\n";

    /**
     * Maven's own JVM for a short build of a few files: C1 alone and the serial collector. {@code mvn -o -q compile} of a
     * workspace with its classes up to date took 2.4 s wall and 4.4 s of processor time with the JVM's defaults, 1.6 s and
     * 2.2 s with these (the same flags as the repository's own {@code .mvn/jvm.config}).
     */
    static final String JVM_CONFIG = "-XX:TieredStopAtLevel=1\n-XX:+UseSerialGC\n";

    private IdeFiles() {
    }

    /**
     * {@code template} with each {@code %s} and {@code %d} replaced by the next of {@code values}, in order: the
     * files' templates use nothing else, and {@link String#formatted}'s first call in a JVM costs milliseconds (a
     * check writes these files).
     */
    static String fill(String template, Object... values) {
        StringBuilder out = new StringBuilder(template.length() + 256);
        int next = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '%' && i + 1 < template.length() && (template.charAt(i + 1) == 's' || template.charAt(i + 1) == 'd')) {
                if (next == values.length) throw new IllegalArgumentException("more placeholders than values in " + template);
                out.append(values[next++]);
                i++;
            } else {
                out.append(c);
            }
        }
        if (next != values.length) throw new IllegalArgumentException("more values than placeholders in " + template);
        return out.toString();
    }

    static String aggregatorPom(String libraryVersion, List<Exercise> started, Properties plugins) {
        StringBuilder modules = new StringBuilder();
        for (Exercise ex : started) modules.append("    <module>").append(xml(ex.folderName())).append("</module>\n");
        StringBuilder pluginList = new StringBuilder();
        for (String name : List.of("maven-compiler-plugin", "maven-resources-plugin", "maven-jar-plugin", "maven-surefire-plugin")) {
            pluginList.append(fill("""
                            <plugin>
                              <groupId>org.apache.maven.plugins</groupId>
                              <artifactId>%s</artifactId>
                              <version>%s</version>
                            </plugin>
                    """, name, xml(plugins.getProperty(name))));
        }
        return fill("""
                <?xml version="1.0" encoding="UTF-8"?>
                <!--
                  Your mp-practice workspace as a Maven project, so that a Java IDE opens it as it is: open this folder
                  in IntelliJ IDEA, VS Code (with its Java extensions), Eclipse or NetBeans. Each exercise you start is
                  a module of its own whose folder is its source root; the mp library comes from .mp-practice/repository
                  with its sources and Javadoc, for completion, Javadoc on hover and go to definition, offline.
                  `mvn -o -q compile` here compiles every exercise you started.

                  mp-practice wrote this file, and keeps it current (a module for each exercise you start, the library's
                  version) for as long as it stays as mp-practice wrote it. Change it and it is yours: mp-practice leaves
                  it alone, and `mp-practice doctor` says that it differs. Delete it to get mp-practice's back.
                -->
                <project xmlns="http://maven.apache.org/POM/4.0.0"
                         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
                  <modelVersion>4.0.0</modelVersion>

                  <groupId>%s</groupId>
                  <artifactId>%s</artifactId>
                  <version>1</version>
                  <packaging>pom</packaging>
                  <name>mp-practice workspace</name>

                  <modules>
                %s  </modules>

                  <properties>
                    <!-- The mp library, dev.mppractice:mp, whose version changes whenever the library does:
                         .mp-practice/repository/dev/mppractice/mp/%s/mp-%s.jar
                         with its sources and Javadoc beside it, mp-%s-sources.jar and mp-%s-javadoc.jar. -->
                    <mp.version>%s</mp.version>
                    <!-- The Java that mp-practice checks your programs with. -->
                    <maven.compiler.release>%d</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>

                  <build>
                    <pluginManagement>
                      <!-- The versions mp-practice itself was built with: your local Maven repository has them. -->
                      <plugins>
                %s      </plugins>
                    </pluginManagement>
                  </build>
                </project>
                """, WORKSPACE_GROUP, WORKSPACE_ARTIFACT, modules, comment(libraryVersion), comment(libraryVersion),
                comment(libraryVersion), comment(libraryVersion), xml(libraryVersion), Runtime.version().feature(), pluginList);
    }

    static String modulePom(Exercise ex) {
        return fill("""
                <?xml version="1.0" encoding="UTF-8"?>
                <!--
                  Exercise %d, "%s": a module of your workspace's Maven project (../pom.xml).
                  This folder is its source root: %s is in the default package. Maven and IDEs compile
                  it into target/ here (Eclipse wants a project's output inside it). Written by mp-practice;
                  change it and it is yours.
                -->
                <project xmlns="http://maven.apache.org/POM/4.0.0"
                         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
                  <modelVersion>4.0.0</modelVersion>

                  <parent>
                    <groupId>%s</groupId>
                    <artifactId>%s</artifactId>
                    <version>1</version>
                  </parent>

                  <artifactId>%s</artifactId>
                  <name>%d %s</name>

                  <repositories>
                    <!-- The mp library with its sources and Javadoc, put there by mp-practice. -->
                    <repository>
                      <id>%s</id>
                      <url>${project.baseUri}../.mp-practice/repository</url>
                    </repository>
                  </repositories>

                  <dependencies>
                    <dependency>
                      <groupId>%s</groupId>
                      <artifactId>%s</artifactId>
                      <version>${mp.version}</version>
                    </dependency>
                  </dependencies>

                  <build>
                    <sourceDirectory>${project.basedir}</sourceDirectory>
                  </build>
                </project>
                """, ex.number(), comment(ex.title()), comment(ex.fileName()), WORKSPACE_GROUP, WORKSPACE_ARTIFACT,
                xml(ex.folderName()), ex.number(), xml(ex.title()), IdeProject.REPOSITORY_ID, IdeProject.GROUP_ID,
                IdeProject.ARTIFACT_ID);
    }

    static String libraryPom(String version) {
        return fill("""
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0"
                         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>%s</groupId>
                  <artifactId>%s</artifactId>
                  <version>%s</version>
                  <name>mp</name>
                  <description>Python's multiprocessing for Java, on real processes: Process, Pool, Queue, Pipe, Value, Array, Lock, Event, Manager. Depends on the JDK alone.</description>
                </project>
                """, IdeProject.GROUP_ID, IdeProject.ARTIFACT_ID, xml(version));
    }

    static String metadata(String version, String lastUpdated) {
        return fill("""
                <?xml version="1.0" encoding="UTF-8"?>
                <metadata>
                  <groupId>%s</groupId>
                  <artifactId>%s</artifactId>
                  <versioning>
                    <latest>%s</latest>
                    <release>%s</release>
                    <versions>
                      <version>%s</version>
                    </versions>
                    <lastUpdated>%s</lastUpdated>
                  </versioning>
                </metadata>
                """, IdeProject.GROUP_ID, IdeProject.ARTIFACT_ID, xml(version), xml(version), xml(version), lastUpdated);
    }

    /** Text inside an XML comment, which must not hold two dashes in a row. */
    private static String comment(String s) {
        return s.replace("--", "- -");
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
