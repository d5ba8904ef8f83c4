package dev.streamssl.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL a page of the docs gives users, read from the page itself so that a test runs what the
 * docs say: the statements of the {@code ```sql} block that contains a given line, split at the
 * semicolons that end them.
 */
public final class DocumentedSql {
    private DocumentedSql() {}

    /** The statements (without their semicolons) of the sql block containing {@code marker}. */
    public static List<String> block(Path page, String marker) {
        String text;
        try {
            text = Files.readString(page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int at = text.indexOf(marker);
        if (at < 0) {
            throw new AssertionError(page + " has no line '" + marker + "'");
        }
        int start = text.lastIndexOf("```sql\n", at);
        int end = text.indexOf("```", at);
        if (start < 0 || end < 0) {
            throw new AssertionError(page + ": '" + marker + "' is not inside a ```sql block");
        }
        List<String> statements = new ArrayList<>();
        for (String s : text.substring(start + "```sql\n".length(), end).split(";")) {
            if (!s.isBlank()) {
                statements.add(s.strip());
            }
        }
        return statements;
    }
}
