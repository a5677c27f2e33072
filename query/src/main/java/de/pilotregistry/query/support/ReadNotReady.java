package de.pilotregistry.query.support;

/** The read models did not reach what a read asked for within its wait: 503, try again. */
public class ReadNotReady extends RuntimeException {

    private final String requested;
    private final ReadModelProgress.Reached reached;

    public ReadNotReady(String message, String requested, ReadModelProgress.Reached reached) {
        super(message);
        this.requested = requested;
        this.reached = reached;
    }

    public String requested() {
        return requested;
    }

    public ReadModelProgress.Reached reached() {
        return reached;
    }
}
