package org.htmlrewriter.internal.tokenizer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.htmlrewriter.internal.rewrite.RewriterEngine;
import org.junit.jupiter.api.Test;

/**
 * HotSpot does not JIT-compile methods longer than 8,000 bytecode bytes ({@code -XX:-DontCompileHugeMethods} is off
 * by default): a hot loop that grows past it silently runs interpreted. This reads the class files of the hot-path
 * classes and checks every method's code length, and keeps the per-state methods small (inlining works best below
 * a few hundred bytes).
 */
class MethodSizeTest {
    private static final int HUGE_METHOD_LIMIT = 8000;

    private static final Class<?>[] HOT_CLASSES = {Tokenizer.class, ByteScan.class, TagNameHash.class,
        AsciiBytes.class, RewriterEngine.class};
    /** The engine's package-private parts on the per-token path (issue 16), named: they are not visible here. */
    private static final String[] HOT_ENGINE_PARTS = {"OutputEmitter", "TextChunker", "HandlerDispatcher",
        "StackEvents"};

    @Test
    void noHotPathMethodIsTooLargeToCompile() throws IOException {
        List<String> report = new ArrayList<>();
        List<Class<?>> classes = new ArrayList<>(List.of(HOT_CLASSES));
        for (String part : HOT_ENGINE_PARTS) {
            try {
                classes.add(Class.forName(RewriterEngine.class.getPackageName() + "." + part));
            } catch (ClassNotFoundException e) {
                throw new AssertionError(e);
            }
        }
        for (Class<?> c : classes) {
            for (String[] m : methodSizes(c)) {
                int size = Integer.parseInt(m[1]);
                assertTrue(size < HUGE_METHOD_LIMIT, c.getSimpleName() + "." + m[0] + " has " + size + " bytes");
                report.add(c.getSimpleName() + "." + m[0] + "=" + size);
            }
        }
        assertTrue(report.size() > 50, "read the class files: " + report);
    }

    @Test
    void tokenizerStateMethodsStaySmall() throws IOException {
        for (String[] m : methodSizes(Tokenizer.class)) {
            int size = Integer.parseInt(m[1]);
            assertTrue(size < 1000, "Tokenizer." + m[0] + " has " + size + " bytecode bytes: split it");
        }
    }

    /** {name, code length} of every method with code, read straight from the class file. */
    static List<String[]> methodSizes(Class<?> c) throws IOException {
        String resource = c.getName().replace('.', '/') + ".class";
        try (InputStream raw = c.getClassLoader().getResourceAsStream(resource);
                DataInputStream in = new DataInputStream(raw)) {
            in.readInt(); // magic
            in.readUnsignedShort();
            in.readUnsignedShort();
            int cpCount = in.readUnsignedShort();
            String[] utf8 = new String[cpCount];
            for (int i = 1; i < cpCount; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1: utf8[i] = in.readUTF(); break;
                    case 3: case 4: in.readInt(); break;
                    case 5: case 6: in.readLong(); i++; break;
                    case 7: case 8: case 16: case 19: case 20: in.readUnsignedShort(); break;
                    case 9: case 10: case 11: case 12: case 17: case 18: in.readInt(); break;
                    case 15: in.readUnsignedByte(); in.readUnsignedShort(); break;
                    default: throw new IOException("constant pool tag " + tag);
                }
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            in.readUnsignedShort();
            in.skipBytes(2 * in.readUnsignedShort()); // interfaces
            int fields = in.readUnsignedShort();
            for (int i = 0; i < fields; i++) {
                in.skipBytes(6);
                skipAttributes(in);
            }
            List<String[]> result = new ArrayList<>();
            int methods = in.readUnsignedShort();
            for (int i = 0; i < methods; i++) {
                in.readUnsignedShort();
                String name = utf8[in.readUnsignedShort()];
                in.readUnsignedShort();
                int attributes = in.readUnsignedShort();
                for (int a = 0; a < attributes; a++) {
                    String attr = utf8[in.readUnsignedShort()];
                    int len = in.readInt();
                    if (attr.equals("Code")) {
                        in.readUnsignedShort();
                        in.readUnsignedShort();
                        int codeLength = in.readInt();
                        result.add(new String[] {name, Integer.toString(codeLength)});
                        in.skipBytes(len - 8);
                    } else {
                        in.skipBytes(len);
                    }
                }
            }
            return result;
        }
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int n = in.readUnsignedShort();
        for (int i = 0; i < n; i++) {
            in.readUnsignedShort();
            in.skipBytes(in.readInt());
        }
    }
}
