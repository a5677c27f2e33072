package de.pilotregistry.query.pilots;

import de.pilotregistry.platform.Excerpt;
import de.pilotregistry.query.audit.access.AccessLog;
import de.pilotregistry.query.support.SmallCounts;
import de.pilotregistry.query.support.TimeParameters;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/** Pilots as defined, their draw and their participants, from the pilots projection. */
@RestController
class PilotQueries {

    record Eligibility(int minMonthsInReceiptOfLast24, boolean requireMarginalEmployment) {
    }

    record Pilot(String pilotId, String name, String jobcenter, String site, LocalDate start, LocalDate end,
                 int caseloadRatio, int participantPlaces, Eligibility eligibility, List<String> strata,
                 String seedCommitment, Instant definedAt, int population, int eligible, boolean drawn) {
    }

    /** {@code suppressed} names the counts left null as small counts (docs/outcome-definitions.md). */
    record StratumCount(Map<String, String> stratum, Long eligible, Long participants, Long comparison,
                        List<String> suppressed) {
    }

    record Draw(String seed, String algorithm, String seedCommitment, Instant drawnAt, Long participants,
                Long comparison, List<StratumCount> strata, List<String> suppressed) {
    }

    record Participant(String person, String caseworker) {
    }

    private static final List<String> DRAW_COUNTS = List.of("eligible", "participants", "comparison");
    private static final String PILOT_COLUMNS = "p.pilot_id, p.name, p.jobcenter, p.site, p.start_date, p.end_date, "
            + "p.caseload_ratio, p.participant_places, p.min_months_24, p.require_marginal, p.strata, "
            + "p.seed_commitment, p.defined_at, p.drawn_at, "
            + "(select count(*) from q_member m where m.pilot_id = p.pilot_id) as population, "
            + "(select count(*) from q_member m where m.pilot_id = p.pilot_id and m.eligible) as eligible "
            + "from q_pilot p";

    private static final RowMapper<Pilot> PILOT = (rs, row) -> new Pilot(rs.getString("pilot_id"),
            rs.getString("name"), rs.getString("jobcenter"), rs.getString("site"),
            rs.getObject("start_date", LocalDate.class), rs.getObject("end_date", LocalDate.class),
            rs.getInt("caseload_ratio"), rs.getInt("participant_places"),
            new Eligibility(rs.getInt("min_months_24"), rs.getBoolean("require_marginal")),
            Arrays.asList(rs.getString("strata").split(",")), rs.getString("seed_commitment"),
            rs.getTimestamp("defined_at").toInstant(), rs.getInt("population"), rs.getInt("eligible"),
            rs.getTimestamp("drawn_at") != null);

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final TimeParameters time;
    private final AccessLog access;

    PilotQueries(JdbcTemplate jdbc, TimeParameters time, AccessLog access) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.time = time;
        this.access = access;
    }

    /** Every pilot; a caseworker's only those they are registered in ({@link PilotVisibility}). */
    @GetMapping("/api/pilots")
    List<Pilot> pilots(Authentication user) {
        PilotVisibility visibility = PilotVisibility.of(user);
        if (visibility.caseworker() == null) {
            return jdbc.query("select " + PILOT_COLUMNS + " order by p.defined_at", PILOT);
        }
        return jdbc.query("select " + PILOT_COLUMNS + " where " + visibility.condition() + " order by p.defined_at",
                PILOT, visibility.caseworker());
    }

    @GetMapping("/api/pilots/{pilotId}")
    Pilot pilot(@PathVariable String pilotId, Authentication user) {
        return visiblePilot(pilotId, PilotVisibility.of(user));
    }

    /** The pilot if this user sees it; else, and for an unknown pilot alike, 404. */
    private Pilot visiblePilot(String pilotId, PilotVisibility visibility) {
        List<Pilot> found = visibility.caseworker() == null
                ? jdbc.query("select " + PILOT_COLUMNS + " where p.pilot_id = ?", PILOT, pilotId)
                : jdbc.query("select " + PILOT_COLUMNS + " where p.pilot_id = ? and " + visibility.condition(), PILOT,
                pilotId, visibility.caseworker());
        return found.stream().findFirst().orElseThrow(() -> unknownPilot(pilotId));
    }

    @GetMapping("/api/pilots/{pilotId}/draw")
    @PreAuthorize("hasAnyRole('ADMIN', 'DATA_STEWARD', 'EVALUATOR', 'AUDITOR')")
    Draw draw(@PathVariable String pilotId, Authentication user) {
        Pilot pilot = visiblePilot(pilotId, PilotVisibility.of(user));
        if (!pilot.drawn()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "The groups of pilot '" + Excerpt.of(pilotId)
                    + "' are not drawn yet.");
        }
        List<long[]> counts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        jdbc.query("select stratum, eligible, participants, comparison from q_draw_stratum where pilot_id = ? "
                + "order by ordinal", rs -> {
            names.add(rs.getString(1));
            counts.add(new long[]{rs.getLong(2), rs.getLong(3), rs.getLong(4)});
        }, pilotId);
        Set<String> hidden = drawCounts(counts).suppressed(SmallCounts.exactFor(user));
        List<StratumCount> strata = new ArrayList<>();
        long participants = 0;
        long comparison = 0;
        for (int i = 0; i < counts.size(); i++) {
            long[] count = counts.get(i);
            participants += count[1];
            comparison += count[2];
            List<String> flags = new ArrayList<>();
            Long[] shown = new Long[3];
            for (int k = 0; k < 3; k++) {
                boolean suppressed = hidden.contains(i + "|" + DRAW_COUNTS.get(k));
                shown[k] = suppressed ? null : count[k];
                if (suppressed) {
                    flags.add(DRAW_COUNTS.get(k));
                }
            }
            strata.add(new StratumCount(Strata.parse(names.get(i)), shown[0], shown[1], shown[2], flags));
        }
        List<String> flags = new ArrayList<>(DRAW_COUNTS.subList(1, 3).stream().filter(hidden::contains).toList());
        Long shownParticipants = hidden.contains("participants") ? null : participants;
        Long shownComparison = hidden.contains("comparison") ? null : comparison;
        return jdbc.queryForObject("select seed, algorithm, seed_commitment, drawn_at from q_pilot where pilot_id = ?",
                (rs, row) -> new Draw(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), shownParticipants, shownComparison, strata, flags), pilotId);
    }

    /**
     * The draw's counts as one system of sums: per stratum, participants + comparison + not drawn (never shown) =
     * eligible; the strata's participants (comparison persons) add up to all participants (comparison persons).
     */
    private static SmallCounts drawCounts(List<long[]> counts) {
        SmallCounts cells = new SmallCounts();
        long[] totals = new long[3];
        for (int i = 0; i < counts.size(); i++) {
            long[] count = counts.get(i);
            for (int k = 0; k < 3; k++) {
                cells.cell(i + "|" + DRAW_COUNTS.get(k), count[k]);
                totals[k] += count[k];
            }
            cells.cell(i + "|notDrawn", count[0] - count[1] - count[2]).line(List.of(i + "|participants",
                    i + "|comparison", i + "|notDrawn"), i + "|eligible");
        }
        for (int k = 1; k < 3; k++) {
            int column = k;
            cells.cell(DRAW_COUNTS.get(k), totals[k]).line(IntStream.range(0, counts.size())
                    .mapToObj(i -> i + "|" + DRAW_COUNTS.get(column)).toList(), DRAW_COUNTS.get(k));
        }
        return cells;
    }

    /**
     * Comparison persons never appear here; a caseworker sees only their own participants. The caseworker is the
     * one whose assignment covers today, as known now.
     */
    @GetMapping("/api/pilots/{pilotId}/participants")
    @PreAuthorize("hasAnyRole('ADMIN', 'CASEWORKER')")
    List<Participant> participants(@PathVariable String pilotId, Authentication user) {
        visiblePilot(pilotId, PilotVisibility.of(user));
        boolean admin = user.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_ADMIN"));
        MapSqlParameterSource parameters = new MapSqlParameterSource("pilot", pilotId)
                .addValue("valid", time.today()).addValue("known", time.now().atOffset(ZoneOffset.UTC))
                .addValue("user", user.getName());
        String participants = "select person, caseworker from (select m.person, "
                + AssignmentRows.caseworkerOn("m") + " as caseworker from q_member m "
                + "where m.pilot_id = :pilot and m.grp = 'PARTICIPANT') p ";
        List<Participant> answer = named.query(participants + (admin ? "" : "where caseworker = :user ")
                + "order by person", parameters, (rs, row) -> new Participant(rs.getString(1), rs.getString(2)));
        access.record(pilotId, answer.size(), null);
        return answer;
    }

    private static ResponseStatusException unknownPilot(String pilotId) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No pilot with id '" + Excerpt.of(pilotId) + "'.");
    }
}
