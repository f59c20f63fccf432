package org.htmlrewriter.internal.treesim;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.htmlrewriter.SharedFolder;

/** The cases of {@code ../shared/html5lib-tests/tree-construction/*.dat}, read for the conformance suites. */
final class TreeConstructionCases {
    private TreeConstructionCases() {
    }

    /**
     * One {@code #data} case of a {@code .dat} file.
     *
     * @param file the file's name
     * @param index 0-based position of the case in its file
     * @param data the input
     * @param fragment whether it is a {@code #document-fragment} case
     * @param scripting {@code #script-on} / {@code #script-off}, or null when the case holds either way
     * @param document the expected tree as the {@code #document} section writes it (lines {@code | ...} joined by
     *     {@code \n}, no trailing newline)
     */
    record DatCase(String file, int index, String data, boolean fragment, Boolean scripting, String document) {
        /** The scripting flags to run the case with: the one it names, else both. */
        boolean[] scriptingFlags() {
            return scripting == null ? new boolean[] {true, false} : new boolean[] {scripting};
        }
    }

    /** Every {@code .dat} file of the suite, sorted by name; fails when the folder is missing or empty. */
    static List<Path> files() throws IOException {
        Path dir = SharedFolder.locate().resolve("html5lib-tests").resolve("tree-construction");
        if (!Files.isDirectory(dir)) {
            fail("missing " + dir);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".dat")).sorted()
                    .collect(Collectors.toList());
        }
        if (files.isEmpty()) {
            fail("no .dat files in " + dir);
        }
        return files;
    }

    /**
     * The cases of one {@code .dat} file. Lines end at {@code \n} only: a CR inside a case (input or expected
     * text) is part of it.
     */
    static List<DatCase> parse(Path file) throws IOException {
        List<String> lines = Arrays.asList(Files.readString(file, StandardCharsets.UTF_8).split("\n", -1));
        List<DatCase> cases = new ArrayList<>();
        String name = file.getFileName().toString();
        int i = 0;
        while (i < lines.size()) {
            if (!lines.get(i).equals("#data")) {
                i++;
                continue;
            }
            i++;
            List<String> data = new ArrayList<>();
            while (i < lines.size() && !lines.get(i).equals("#errors")) {
                data.add(lines.get(i));
                i++;
            }
            boolean fragment = false;
            Boolean scripting = null;
            String document = null;
            while (i < lines.size() && !lines.get(i).equals("#data")) {
                String line = lines.get(i);
                i++;
                if (line.equals("#document-fragment")) {
                    fragment = true;
                } else if (line.equals("#script-on")) {
                    scripting = Boolean.TRUE;
                } else if (line.equals("#script-off")) {
                    scripting = Boolean.FALSE;
                } else if (line.equals("#document")) {
                    int start = i;
                    while (i < lines.size() && !lines.get(i).equals("#data")) {
                        i++;
                    }
                    int end = i;
                    // the blank line that separates cases is not part of the tree
                    while (end > start && lines.get(end - 1).isEmpty()) {
                        end--;
                    }
                    document = String.join("\n", lines.subList(start, end));
                }
            }
            cases.add(new DatCase(name, cases.size(), String.join("\n", data), fragment, scripting, document));
        }
        return cases;
    }

    /** The input with line breaks and control characters made visible, for one-line reports. */
    static String show(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\n') {
                sb.append("\\n");
            } else if (ch < 0x20 || (ch >= 0x7f && ch < 0xa0)) {
                sb.append(String.format("\\u%04x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }
}
