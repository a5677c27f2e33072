package de.pilotregistry.query.cases;

import de.pilotregistry.query.pilots.AssignmentRows;
import de.pilotregistry.shared.codes.Group;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The state of every person of a pilot's population on a date, as the registry knew it at a moment:
 * answered from the bitemporal rows of {@code q_fact} with one index lookup per person and kind of fact.
 *
 * <p>Rules (docs/outcome-definitions.md): a person is not entitled on D when their latest exit or re-entry on or
 * before D is an exit (on one day a re-entry ranks after an exit, whichever was recorded first) and no re-entry
 * follows within 7 days of the first exit since they were last entitled (a break of up to 7 days is not an exit; a
 * second exit does not restart the clock). The monthly claim on D is the claim of the latest benefit change or
 * re-entry dated from the pilot start up to D (of several on that day the highest claim), else the claim on the
 * start date from the population import. Employment on D is the type of the latest job start when no job end
 * follows it up to D. Contacts count those attended from the pilot start
 * through D. The caseworker on D is the one whose assignment covers
 * D as known at the moment ({@link AssignmentRows}).
 */
@Component
public class CaseStates {

    public record PersonState(String person, Group group, String sex, String ageClass, String applicantType,
                              BigDecimal claimAtStart, boolean entitled, BigDecimal monthlyClaim,
                              String employmentType, String caseworker, int contacts, LocalDate exitedOn) {
    }

    /** A fact row counts for knowledge time :known. */
    static final String KNOWN = " %1$s.recorded_at <= :known and (%1$s.withdrawn_at is null or %1$s.withdrawn_at > :known) ";

    private static final String STATES = """
            select m.person,
                   case when p.drawn_at is not null and p.drawn_at <= :known then m.grp else 'UNSELECTED' end as grp,
                   m.sex, m.age_class, m.applicant_type, m.claim_at_start,
                   st.type as status_type, ex.start_date as exited_on,
                   case when st.type = 'EXIT' then exists (
                       select 1 from q_fact r where r.person = m.person and r.type = 'REENTRY'
                          and r.effective_date > ex.start_date and r.effective_date <= ex.start_date + 7
                          and %2$s) else false end as only_a_break,
                   cl.monthly_claim as claim, jb.type as job_type, jb.employment_type,
                   %3$s
            from q_member m
            join q_pilot p on p.pilot_id = m.pilot_id
            left join lateral (select f.type, f.effective_date from q_fact f
                   where f.person = m.person and f.type in ('EXIT', 'REENTRY') and f.effective_date <= :valid and %1$s
                   order by f.effective_date desc, f.type = 'REENTRY' desc limit 1) st on true
            left join lateral (select min(e.effective_date) as start_date from q_fact e
                   where st.type = 'EXIT' and e.person = m.person and e.type = 'EXIT' and e.effective_date <= :valid
                     and %4$s and e.effective_date > coalesce((select max(l.effective_date) from q_fact l
                         where l.person = m.person and l.type = 'REENTRY' and l.effective_date <= :valid and %5$s),
                         date '-infinity')) ex on true
            left join lateral (select f.monthly_claim from q_fact f
                   where f.person = m.person and f.type in ('BENEFIT_CHANGE', 'REENTRY') and f.monthly_claim is not null
                     and f.effective_date >= p.start_date and f.effective_date <= :valid and %1$s
                   order by f.effective_date desc, f.monthly_claim desc limit 1) cl on true
            left join lateral (select f.type, f.employment_type from q_fact f
                   where f.person = m.person and f.type in ('JOB_START', 'JOB_END') and f.effective_date <= :valid
                     and %1$s
                   order by f.effective_date desc, f.global_index desc limit 1) jb on true
            where m.pilot_id = :pilot and m.first_recorded_at <= :known
            order by m.person
            """;

    /** Contacts and caseworker: wanted by snapshots and exports, not by outcomes and series. */
    private static final String DETAILS = """
            (select count(*) from q_fact c where c.person = m.person and c.type = 'CONTACT'
                and c.outcome = 'ATTENDED' and c.effective_date >= p.start_date and c.effective_date <= :valid
                and %1$s) as contacts,
            %2$s as caseworker""";
    private static final String NO_DETAILS = "0 as contacts, null as caseworker";

    private final NamedParameterJdbcTemplate jdbc;
    /** Status queries of several dates run side by side, one database connection each. */
    private final ExecutorService parallel = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "case-states");
        thread.setDaemon(true);
        return thread;
    });

    public CaseStates(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Every person's full state (with contacts and caseworker). */
    public List<PersonState> of(String pilot, LocalDate validAt, Instant knownAt) {
        List<PersonState> states = new ArrayList<>();
        forEach(pilot, validAt, knownAt, -1, -1, true, states::add);
        return states;
    }

    /**
     * Every person's status (group, entitlement, claim, employment; no contacts, no caseworker) on each of the
     * dates, computed in parallel.
     */
    public Map<LocalDate, List<PersonState>> statusOn(String pilot, List<LocalDate> dates, Instant knownAt) {
        Map<LocalDate, Future<List<PersonState>>> pending = new LinkedHashMap<>();
        for (LocalDate date : dates) {
            pending.computeIfAbsent(date, d -> parallel.submit(() -> {
                List<PersonState> states = new ArrayList<>();
                forEach(pilot, d, knownAt, -1, -1, false, states::add);
                return states;
            }));
        }
        Map<LocalDate, List<PersonState>> result = new LinkedHashMap<>();
        try {
            for (Map.Entry<LocalDate, Future<List<PersonState>>> date : pending.entrySet()) {
                result.put(date.getKey(), date.getValue().get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            pending.values().forEach(future -> future.cancel(true));
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
        return result;
    }

    /** Streams the states in pseudonym order; {@code offset} and {@code limit} (or -1) narrow them. */
    public void forEach(String pilot, LocalDate validAt, Instant knownAt, long offset, int limit,
                        Consumer<PersonState> consumer) {
        forEach(pilot, validAt, knownAt, offset, limit, true, consumer);
    }

    private void forEach(String pilot, LocalDate validAt, Instant knownAt, long offset, int limit,
                         boolean details, Consumer<PersonState> consumer) {
        String sql = STATES.formatted(KNOWN.formatted("f"), KNOWN.formatted("r"),
                details ? DETAILS.formatted(KNOWN.formatted("c"), AssignmentRows.caseworkerOn("m")) : NO_DETAILS,
                KNOWN.formatted("e"), KNOWN.formatted("l"))
                + (limit >= 0 ? " offset :offset limit :limit" : "");
        MapSqlParameterSource parameters = new MapSqlParameterSource("pilot", pilot)
                .addValue("valid", validAt).addValue("known", knownAt.atOffset(ZoneOffset.UTC))
                .addValue("offset", offset).addValue("limit", limit);
        RowCallbackHandler rows = rs -> {
            boolean exited = "EXIT".equals(rs.getString("status_type")) && !rs.getBoolean("only_a_break");
            BigDecimal claim = rs.getBigDecimal("claim");
            Group g = Group.valueOf(rs.getString("grp"));
            consumer.accept(new PersonState(rs.getString("person"), g, rs.getString("sex"),
                    rs.getString("age_class"), rs.getString("applicant_type"), rs.getBigDecimal("claim_at_start"),
                    !exited, exited ? null : claim != null ? claim : rs.getBigDecimal("claim_at_start"),
                    "JOB_START".equals(rs.getString("job_type")) ? rs.getString("employment_type") : null,
                    g == Group.PARTICIPANT ? rs.getString("caseworker") : null, rs.getInt("contacts"),
                    exited ? rs.getObject("exited_on", LocalDate.class) : null));
        };
        jdbc.query(sql, parameters, rows);
    }

    public long count(String pilot, Instant knownAt) {
        Long count = jdbc.queryForObject("select count(*) from q_member where pilot_id = :pilot "
                        + "and first_recorded_at <= :known",
                new MapSqlParameterSource("pilot", pilot).addValue("known", knownAt.atOffset(ZoneOffset.UTC)),
                Long.class);
        return count == null ? 0 : count;
    }
}
