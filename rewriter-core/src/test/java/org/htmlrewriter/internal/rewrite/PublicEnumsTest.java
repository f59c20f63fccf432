package org.htmlrewriter.internal.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Set;
import org.htmlrewriter.content.EndTag;
import org.htmlrewriter.content.TextType;
import org.htmlrewriter.internal.tokenizer.TextMode;
import org.htmlrewriter.selectors.internal.Closing;
import org.junit.jupiter.api.Test;

/** Each internal enum maps one to one onto the public enum it stands for, constant for constant of the same name. */
class PublicEnumsTest {
    @Test
    void closingMapsOneToOne() {
        Set<EndTag.Closing> reached = EnumSet.noneOf(EndTag.Closing.class);
        for (Closing how : Closing.values()) {
            EndTag.Closing closing = PublicEnums.closing(how);
            assertEquals(how.name(), closing.name());
            reached.add(closing);
        }
        assertEquals(EnumSet.allOf(EndTag.Closing.class), reached);
        assertEquals(Closing.values().length, EndTag.Closing.values().length);
    }

    @Test
    void textModeMapsOneToOne() {
        Set<TextType> reached = EnumSet.noneOf(TextType.class);
        for (TextMode mode : TextMode.values()) {
            TextType type = PublicEnums.textType(mode);
            assertEquals(mode.name(), type.name());
            reached.add(type);
        }
        assertEquals(EnumSet.allOf(TextType.class), reached);
        assertEquals(TextMode.values().length, TextType.values().length);
    }
}
