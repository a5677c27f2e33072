package de.pilotregistry.query.replay;

import de.pilotregistry.query.QuerySideConfiguration;
import de.pilotregistry.query.cases.CaseFactsProjection;
import de.pilotregistry.query.pilots.PilotsProjection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The projections that can be rebuilt: their processor, their read tables, and how to make a handler. */
@Component
class RebuildableProjections {

    record Projection(String name, List<String> tables, Function<String, Object> handlerWritingTablesWithSuffix) {
    }

    private final Map<String, Projection> projections;

    RebuildableProjections(JdbcTemplate jdbc) {
        this.projections = Map.of(
                QuerySideConfiguration.PILOTS, new Projection(QuerySideConfiguration.PILOTS,
                        List.of("q_pilot", "q_member", "q_draw_stratum", "q_caseworker", "q_assignment",
                                "q_delivery"),
                        suffix -> new PilotsProjection(jdbc, suffix)),
                QuerySideConfiguration.CASES, new Projection(QuerySideConfiguration.CASES, List.of("q_fact"),
                        suffix -> new CaseFactsProjection(jdbc, suffix)));
    }

    Optional<Projection> named(String name) {
        return Optional.ofNullable(projections.get(name));
    }

    List<String> names() {
        return projections.keySet().stream().sorted().toList();
    }
}
