package de.pilotregistry.command.draw;

import de.pilotregistry.command.directory.PersonDirectory;
import de.pilotregistry.command.web.Fields;
import de.pilotregistry.platform.AppendLock;
import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.pilot.DrawGroups;
import de.pilotregistry.shared.pilot.GroupsDrawn;
import de.pilotregistry.shared.pilot.StratumAllocation;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

@RestController
class DrawController {

    /** Eligible persons left out because they are in a group of an overlapping pilot: how many, per pilot. */
    record Excluded(int persons, Map<String, Long> byPilot, String reason) {
    }

    /** Group sizes, overall and per stratum; which person is in which group is not shown here. */
    record DrawResult(String seed, int participants, int comparison, List<StratumAllocation> strata,
                      Excluded excluded) {

        static DrawResult of(GroupsDrawn drawn) {
            Map<String, Long> byPilot = new TreeMap<>();
            drawn.excluded().forEach(exclusion -> byPilot.merge(exclusion.pilotId().value(), 1L, Long::sum));
            return new DrawResult(drawn.seed(), drawn.participants().size(), drawn.comparison().size(),
                    drawn.strata(), new Excluded(drawn.excluded().size(), byPilot, EXCLUSION_REASON));
        }
    }

    static final String EXCLUSION_REASON = "already in the participant or comparison group of a pilot whose period "
            + "overlaps this one's";

    private final CommandGateway commands;
    private final SeedVault seeds;
    private final PersonDirectory directory;
    private final TransactionManager transactionManager;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    DrawController(CommandGateway commands, SeedVault seeds, PersonDirectory directory,
                   TransactionManager transactionManager, JdbcTemplate jdbc, Clock clock) {
        this.commands = commands;
        this.seeds = seeds;
        this.directory = directory;
        this.transactionManager = transactionManager;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Reads who is in a group of an overlapping pilot and draws in one transaction under the append lock, so a
     * draw of an overlapping pilot cannot come between (the directory follows every draw in its transaction).
     */
    @PostMapping("/api/pilots/{pilotId}/draw")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('ADMIN')")
    DrawResult draw(@PathVariable String pilotId) {
        PilotId pilot = Fields.pilotId(pilotId);
        String seed = seeds.seedOf(pilot).hex();
        Transaction transaction = transactionManager.startTransaction();
        GroupsDrawn drawn;
        try {
            AppendLock.acquire(jdbc);
            drawn = commands.sendAndWait(new DrawGroups(pilot, seed, LocalDate.now(clock),
                    directory.inGroupsOfOverlappingPilots(pilot.value())));
        } catch (RuntimeException | Error e) {
            try {
                transaction.rollback();
            } catch (RuntimeException rollbackFailed) {
                e.addSuppressed(rollbackFailed);
            }
            throw e;
        }
        transaction.commit();
        return DrawResult.of(drawn);
    }
}
