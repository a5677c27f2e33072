package de.pilotregistry.platform;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * The table writes of one unit of work, sent as JDBC batches just before it commits, in the order they were made:
 * a command-side import records thousands of events in one unit of work, a projection batch updates its read tables
 * in the same transaction as its token; one round trip per row would dominate either. Outside a unit of work a write
 * goes out at once.
 */
public final class BatchedWrites {

    private record Write(String sql, Object[] args) {
    }

    private final JdbcTemplate jdbc;
    private final String resourceKey = BatchedWrites.class.getName() + "@" + System.identityHashCode(this);

    public BatchedWrites(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void add(String sql, Object... args) {
        if (!CurrentUnitOfWork.isStarted()) {
            jdbc.update(sql, args);
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        unitOfWork.getOrComputeResource(resourceKey, key -> {
            List<Write> pending = new ArrayList<>();
            unitOfWork.onPrepareCommit(u -> flush(pending));
            return pending;
        }).add(new Write(sql, args));
    }

    private void flush(List<Write> writes) {
        int from = 0;
        while (from < writes.size()) {
            String sql = writes.get(from).sql();
            List<Object[]> run = new ArrayList<>();
            while (from < writes.size() && writes.get(from).sql().equals(sql)) {
                run.add(writes.get(from++).args());
            }
            jdbc.batchUpdate(sql, run);
        }
    }
}
