package de.pilotregistry.command.draw;

import de.pilotregistry.command.RuleViolation;

public class NotEnoughEligible extends RuleViolation {

    public NotEnoughEligible(int eligible, int places) {
        super("The draw needs " + 2L * places + " eligible persons (" + places + " participant places and as many "
                + "comparison persons), but only " + eligible + " are eligible.");
    }
}
