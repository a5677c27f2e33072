package de.pilotregistry.query.pilots;

import de.pilotregistry.shared.codes.StratumVariable;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A stratum as stored in read tables: {@code SEX=FEMALE|AGE_CLASS=UNDER_25|...}. */
public final class Strata {

    private Strata() {
    }

    public static String format(Map<StratumVariable, String> stratum) {
        return stratum.entrySet().stream().map(e -> e.getKey().name() + "=" + e.getValue())
                .collect(Collectors.joining("|"));
    }

    public static Map<String, String> parse(String stratum) {
        Map<String, String> values = new LinkedHashMap<>();
        if (stratum != null && !stratum.isEmpty()) {
            for (String pair : stratum.split("\\|")) {
                int eq = pair.indexOf('=');
                values.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return values;
    }
}
