package dev.streamssl.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Job option overrides given on the command line as {@code KEY=VALUE}. */
public final class KeyValueArguments {
    private KeyValueArguments() {}

    /** Adds the overrides to {@code options}, later ones winning. */
    public static Map<String, String> apply(Map<String, String> options, List<String> arguments) {
        Map<String, String> out = new LinkedHashMap<>(options);
        for (String argument : arguments) {
            int eq = argument.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "'"
                                + argument
                                + "' is not KEY=VALUE (job options are listed in docs/configuration.md)");
            }
            out.put(argument.substring(0, eq).strip(), argument.substring(eq + 1).strip());
        }
        return out;
    }
}
