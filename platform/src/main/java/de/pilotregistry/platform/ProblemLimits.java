package de.pilotregistry.platform;

/** How much one error answer lists: enough to fix a file in a few rounds, never a second copy of a huge input. */
public final class ProblemLimits {

    /** Problems listed in one answer at most, a file's header included; readers stop collecting there. */
    public static final int MAX_PROBLEMS = 1000;

    private ProblemLimits() {
    }
}
