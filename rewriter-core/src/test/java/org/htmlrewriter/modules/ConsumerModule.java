package org.htmlrewriter.modules;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * A user's module, written by a test, compiled against the library modules on a module path and run on it in a
 * child JVM: what a user of the libraries can and cannot reach there. The tests themselves run on the
 * class path (see the Surefire configuration), where module descriptors are ignored, so this is where the
 * descriptors are checked. Used by the module-path tests of the core, the Netty adapter and the servlet filter.
 */
public final class ConsumerModule {
    /** What javac said: whether it compiled, and its error messages (each with its notes). */
    public record Compilation(boolean succeeded, List<String> errors) {
    }

    /** How the child JVM ended and what it printed. */
    public record Run(int exitCode, String stdout, String stderr) {
        /** All it printed, for failure messages (the launcher reports a module graph it cannot resolve on stdout). */
        public String output() {
            return stdout + stderr;
        }
    }

    private final Path workDir;
    private final List<Path> modulePath;

    /**
     * @param workDir    an empty folder for the sources, classes and output
     * @param modulePath the jars and class folders of the modules the consumer compiles and runs against
     */
    public ConsumerModule(Path workDir, List<Path> modulePath) {
        this.workDir = workDir;
        this.modulePath = List.copyOf(modulePath);
    }

    /**
     * Compiles the module from its sources, by path under the module's source folder ({@code module-info.java},
     * {@code com/example/Main.java}); classes go where {@link #run} finds them.
     */
    public Compilation compile(Map<String, String> sources) throws IOException {
        Path src = workDir.resolve("src");
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue(), UTF_8);
            files.add(file);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fileManager = javac.getStandardFileManager(diagnostics, null, UTF_8)) {
            // Not this JVM's class path (javac's default), which has the tests' classes in the libraries' packages.
            fileManager.setLocationFromPaths(StandardLocation.CLASS_PATH, List.of());
            List<String> options = List.of("--release", "17", "--module-path", joined(modulePath),
                    "-d", classes().toString());
            boolean ok = javac.getTask(null, fileManager, diagnostics, options, null,
                    fileManager.getJavaFileObjectsFromPaths(files)).call();
            List<String> errors = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(d -> d.getMessage(null))
                    .collect(Collectors.toList());
            return new Compilation(ok, errors);
        }
    }

    /**
     * Runs {@code module/mainClass} (as {@code java --module} takes it) with the compiled module and the module
     * path, for at most a minute, with the given JVM options ({@code --add-modules ...}).
     */
    public Run run(String moduleAndMainClass, String... jvmOptions) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path out = workDir.resolve("stdout.txt");
        Path err = workDir.resolve("stderr.txt");
        List<Path> path = new ArrayList<>();
        path.add(classes());
        path.addAll(modulePath);
        List<String> command = new ArrayList<>(List.of(java.toString(), "--module-path", joined(path)));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("--module", moduleAndMainClass));
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the consumer module did not end within a minute: "
                    + Files.readString(err, UTF_8));
        }
        return new Run(process.exitValue(), Files.readString(out, UTF_8), Files.readString(err, UTF_8));
    }

    private Path classes() {
        return workDir.resolve("classes");
    }

    private static String joined(List<Path> paths) {
        return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    /** The jar or class folder a class was loaded from. */
    public static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The entries of the test class path whose file names pass {@code fileName}, in class path order. */
    public static List<Path> classPathEntries(Predicate<String> fileName) {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of)
                .filter(p -> fileName.test(p.getFileName().toString()))
                .collect(Collectors.toList());
    }

    /** The descriptor of the one module at {@code location} (a jar or a class folder with its module-info). */
    public static ModuleDescriptor descriptorAt(Path location) {
        Set<ModuleReference> found = ModuleFinder.of(location).findAll();
        if (found.size() != 1) {
            throw new IllegalStateException("expected one module at " + location + ", found " + found);
        }
        ModuleDescriptor descriptor = found.iterator().next().descriptor();
        if (descriptor.isAutomatic()) {
            throw new IllegalStateException(location + " has no module-info (automatic module "
                    + descriptor.name() + ")");
        }
        return descriptor;
    }

    /**
     * Checks the module at {@code location}: it is named {@code name}, exports exactly {@code packages} to every
     * module and nothing to some, and opens nothing.
     *
     * @return its descriptor, for further checks
     */
    public static ModuleDescriptor assertExportsExactly(Path location, String name, Set<String> packages) {
        ModuleDescriptor module = descriptorAt(location);
        assertEquals(name, module.name());
        assertEquals(packages, exportedToAll(module), name + " exports to all");
        assertEquals(Map.of(), exportedToSome(module), name + " exports to some");
        assertEquals(Set.of(), module.opens(), name + " opens");
        return module;
    }

    /** The packages a module exports to every module. */
    public static Set<String> exportedToAll(ModuleDescriptor module) {
        return module.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The packages a module exports to named modules only, each with those modules. */
    public static Map<String, Set<String>> exportedToSome(ModuleDescriptor module) {
        Map<String, Set<String>> exports = new TreeMap<>();
        for (ModuleDescriptor.Exports e : module.exports()) {
            if (e.isQualified()) {
                exports.put(e.source(), new TreeSet<>(e.targets()));
            }
        }
        return exports;
    }

    /**
     * The source of a class {@code probe.Probe} that imports every class of each package (one import line
     * each): compiling it against a module that does not export them fails once per package.
     */
    public static String importingAllOf(Set<String> packages) {
        StringBuilder source = new StringBuilder("package probe;\n\n");
        for (String p : packages) {
            source.append("import ").append(p).append(".*;\n");
        }
        return source.append("\nfinal class Probe {\n}\n").toString();
    }
}
