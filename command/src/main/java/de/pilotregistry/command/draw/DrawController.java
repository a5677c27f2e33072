package de.pilotregistry.command.draw;

import de.pilotregistry.command.web.Fields;
import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.pilot.DrawGroups;
import de.pilotregistry.shared.pilot.GroupsDrawn;
import de.pilotregistry.shared.pilot.StratumAllocation;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

@RestController
class DrawController {

    /** Group sizes, overall and per stratum; which person is in which group is not shown here. */
    record DrawResult(String seed, int participants, int comparison, List<StratumAllocation> strata) {

        static DrawResult of(GroupsDrawn drawn) {
            return new DrawResult(drawn.seed(), drawn.participants().size(), drawn.comparison().size(),
                    drawn.strata());
        }
    }

    private final CommandGateway commands;
    private final SeedVault seeds;
    private final Clock clock;

    DrawController(CommandGateway commands, SeedVault seeds, Clock clock) {
        this.commands = commands;
        this.seeds = seeds;
        this.clock = clock;
    }

    @PostMapping("/api/pilots/{pilotId}/draw")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('ADMIN')")
    DrawResult draw(@PathVariable String pilotId) {
        PilotId pilot = Fields.pilotId(pilotId);
        GroupsDrawn drawn = commands.sendAndWait(new DrawGroups(pilot, seeds.seedOf(pilot).hex(), LocalDate.now(clock)));
        return DrawResult.of(drawn);
    }
}
