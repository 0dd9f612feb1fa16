package com.migrationhub.core;

/**
 * What a text value from input may hold, for every flow: no control character but the tab ({@code RUN\u0000NING} is
 * not a status, an escape sequence is not a name), and no U+FFFD (bytes that were not text where text was expected).
 * A value that breaks the rule makes its row (or document) a reject naming the character, like any other bad value.
 */
public final class TextCells {

    private TextCells() {
    }

    /** What is wrong with a one-line value ("a control character U+0000"), or null when it is fine. */
    public static String controlCharacter(String text) {
        return problem(text, false);
    }

    /** The same for a value that may span lines (a quoted CSV cell, a note): line feeds and carriage returns are fine. */
    public static String controlCharacterInMultiline(String text) {
        return problem(text, true);
    }

    private static String problem(String text, boolean lineBreaks) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\uFFFD') {
                return "undecodable bytes (U+FFFD)";
            }
            if (Character.isISOControl(c) && c != '\t' && !(lineBreaks && (c == '\n' || c == '\r'))) {
                return String.format("a control character U+%04X", (int) c);
            }
        }
        return null;
    }
}
