package de.pilotregistry.platform;

import org.springframework.transaction.TransactionSystemException;

import java.io.IOException;
import java.sql.SQLException;

/**
 * The connection to the database was lost while a transaction was committing: the commit may have gone through or
 * not, and nobody on this side can tell. Such a write must not be answered as failed ("nothing was stored") nor as
 * done; it is answered 503 with this uncertainty spelled out, and the client checks or repeats it (a repeat of a file
 * or of a fact with a source id stores nothing twice, an Idempotency-Key guards the rest).
 */
public class CommitOutcomeUnknown extends TransactionSystemException {

    public CommitOutcomeUnknown(Throwable cause) {
        super("The connection to the database was lost during the commit; its outcome is unknown", cause);
    }

    /**
     * Whether a failure of a commit is the loss of the connection (SQL state class 08, or an I/O error underneath),
     * rather than a refusal by the database, after which the transaction is certainly rolled back.
     */
    public static boolean isConnectionLoss(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    public static boolean isIn(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CommitOutcomeUnknown) {
                return true;
            }
        }
        return false;
    }
}
