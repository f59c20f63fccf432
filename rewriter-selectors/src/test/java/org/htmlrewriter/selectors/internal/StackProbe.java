package org.htmlrewriter.selectors.internal;

/**
 * What tests in other packages (the core's tree-insertion tests, through this module's test-jar) read of a
 * {@link MatchingStack} about the element it inserted last: read-outs of its own fields, none of them needed by
 * the stack's users.
 */
public final class StackProbe {
    private StackProbe() {
    }

    /**
     * The depth of the tree parent of the element inserted last (by a start tag, or implied): the depth below it,
     * except for content foster-parented out of a table, whose parent is the table's parent. 0 for a root.
     */
    public static int parentDepthOfLastElement(MatchingStack stack) {
        return stack.parentDepth;
    }

    /** The 1-based index of the element inserted last among its parent's element children. */
    public static long childIndexOfLastElement(MatchingStack stack) {
        return stack.childIndex;
    }

    /** How many elements were inserted so far, explicit and implied (tags the tree builder ignores make none). */
    public static long elementsInserted(MatchingStack stack) {
        return stack.lastSerial - 1;
    }
}
