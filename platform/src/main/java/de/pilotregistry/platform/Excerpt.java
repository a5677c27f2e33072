package de.pilotregistry.platform;

/**
 * A value as an error answer may echo it: at most {@value #MAX_LENGTH} characters and "…", control characters and
 * other invisible or invalid code points shown as {@code U+XXXX}. An answer never repeats a large input back.
 */
public final class Excerpt {

    public static final int MAX_LENGTH = 40;

    private Excerpt() {
    }

    public static String of(String value) {
        return of(value, MAX_LENGTH);
    }

    /** At most {@code maxLength} characters of the value, for texts that may quote input (a parser's message). */
    public static String of(String value, int maxLength) {
        if (value == null) {
            return "null";
        }
        String cut = value.length() > maxLength
                ? value.substring(0, Character.isHighSurrogate(value.charAt(maxLength - 1))
                ? maxLength - 1 : maxLength) + "…" : value;
        StringBuilder shown = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> {
            if (isUnclean(c)) {
                shown.append(String.format("U+%04X", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return shown.toString();
    }

    /**
     * Whether a code point is no text: control characters (Unicode Cc, among them NUL, tab, line breaks, DEL),
     * line and paragraph separators, unpaired surrogates and noncharacters (U+FFFE, U+FFFF, U+FDD0..U+FDEF and their
     * counterparts in every plane).
     */
    public static boolean isUnclean(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.SURROGATE || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
    }
}
