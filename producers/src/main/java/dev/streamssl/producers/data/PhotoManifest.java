package dev.streamssl.producers.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A list of files to publish, for data sets not laid out as class folders: CSV with a header row
 * ({@code path,label,split,tags}; only {@code path} is required; tags as {@code k=v;k2=v2}) or JSON
 * lines ({@code {"path": "a.jpg", "label": "cat", "split": "test", "tags": {"k": "v"}}}), told
 * apart by the first character. Paths are relative to the manifest's folder unless absolute; the id
 * of an image is its path as written. Labels are integers, or class names: names are numbered in
 * sorted order (as folder names are) and each image gets its name as the {@code class} tag.
 */
public final class PhotoManifest {
    private PhotoManifest() {}

    /** One line before labels are resolved. */
    private record Line(String path, String label, Map<String, String> tags) {}

    /**
     * @throws IllegalArgumentException naming the line of a malformed entry
     */
    public static List<PhotoEntry> read(Path manifest) throws IOException {
        String text = Files.readString(manifest, StandardCharsets.UTF_8);
        String trimmed = text.stripLeading();
        List<Line> lines =
                trimmed.startsWith("{") ? jsonLines(manifest, text) : csv(manifest, text);
        boolean named = false;
        TreeSet<String> names = new TreeSet<>();
        for (Line l : lines) {
            if (l.label() != null && !isInteger(l.label())) {
                named = true;
            }
            if (l.label() != null) {
                names.add(l.label());
            }
        }
        List<String> classes = new ArrayList<>(names);
        Path base = manifest.toAbsolutePath().getParent();
        List<PhotoEntry> entries = new ArrayList<>();
        for (Line l : lines) {
            Map<String, String> tags = new LinkedHashMap<>(l.tags());
            Integer label = null;
            if (l.label() != null) {
                if (named) {
                    label = classes.indexOf(l.label());
                    tags.put(ClassNames.TAG, l.label());
                } else {
                    label = Integer.parseInt(l.label());
                }
            }
            Path file = Path.of(l.path());
            entries.add(
                    new PhotoEntry(
                            file.isAbsolute() ? file : base.resolve(file), l.path(), label, tags));
        }
        return entries;
    }

    private static boolean isInteger(String s) {
        return s.matches("-?\\d{1,9}");
    }

    private static List<Line> jsonLines(Path manifest, String text) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Line> out = new ArrayList<>();
        String[] rows = text.split("\\R");
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = json.readTree(rows[i]);
            } catch (IOException e) {
                throw bad(
                        manifest,
                        i + 1,
                        "not a JSON object: " + e.getMessage().lines().findFirst().orElse(""));
            }
            if (node == null || !node.isObject() || !node.hasNonNull("path")) {
                throw bad(manifest, i + 1, "needs a \"path\"");
            }
            Map<String, String> tags = new LinkedHashMap<>();
            JsonNode t = node.get("tags");
            if (t != null && t.isObject()) {
                t.fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
            }
            if (node.hasNonNull("split")) {
                tags.put("split", node.get("split").asText());
            }
            String label = node.hasNonNull("label") ? node.get("label").asText() : null;
            out.add(new Line(node.get("path").asText(), blankToNull(label), tags));
        }
        return out;
    }

    private static List<Line> csv(Path manifest, String text) {
        String[] rows = text.split("\\R");
        int headerAt = 0;
        while (headerAt < rows.length && rows[headerAt].isBlank()) {
            headerAt++;
        }
        if (headerAt == rows.length) {
            throw bad(manifest, 1, "the manifest is empty");
        }
        List<String> header = fields(rows[headerAt]);
        int path = header.indexOf("path");
        if (path < 0) {
            throw bad(
                    manifest,
                    headerAt + 1,
                    "the header row needs a 'path' column (columns: path,label,split,tags), got "
                            + header);
        }
        int label = header.indexOf("label");
        int split = header.indexOf("split");
        int tagsAt = header.indexOf("tags");
        List<Line> out = new ArrayList<>();
        for (int i = headerAt + 1; i < rows.length; i++) {
            if (rows[i].isBlank()) {
                continue;
            }
            List<String> f = fields(rows[i]);
            if (f.size() <= path || f.get(path).isBlank()) {
                throw bad(manifest, i + 1, "no path");
            }
            Map<String, String> tags = new LinkedHashMap<>();
            if (tagsAt >= 0 && f.size() > tagsAt && !f.get(tagsAt).isBlank()) {
                for (String kv : f.get(tagsAt).split(";")) {
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw bad(manifest, i + 1, "tag '" + kv + "' is not KEY=VALUE");
                    }
                    tags.put(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
                }
            }
            if (split >= 0 && f.size() > split && !f.get(split).isBlank()) {
                tags.put("split", f.get(split).strip());
            }
            String l = label >= 0 && f.size() > label ? blankToNull(f.get(label).strip()) : null;
            out.add(new Line(f.get(path).strip(), l, tags));
        }
        return out;
    }

    /** The fields of one CSV row; double quotes enclose fields with commas ("" is a quote). */
    static List<String> fields(String row) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < row.length(); i++) {
            char c = row.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < row.length() && row.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static IllegalArgumentException bad(Path manifest, int line, String what) {
        return new IllegalArgumentException(manifest + ", line " + line + ": " + what);
    }
}
