package com.migrationhub.core;

/** Escaping for the hub's human outputs: values from input never change a page's or a table's markup. */
public final class Escaping {

    private Escaping() {
    }

    /** HTML text and attribute values; null becomes empty. */
    public static String html(Object value) {
        if (value == null) {
            return "";
        }
        String s = String.valueOf(value);
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** One Markdown table cell: pipes and line breaks would split the row, angle brackets render as HTML. */
    public static String markdownCell(Object value) {
        return String.valueOf(value).replace("|", "\\|").replace("\r", " ").replace("\n", " ")
                .replace("<", "&lt;").replace(">", "&gt;");
    }
}
