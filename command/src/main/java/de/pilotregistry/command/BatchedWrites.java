package de.pilotregistry.command;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the lookup-table writes of one unit of work and sends them as JDBC batches just before it
 * commits, in the order they were made. A population import records 100,000 events in one unit of
 * work; one round trip per event would dominate its time.
 */
public final class BatchedWrites {

    private record Write(String sql, Object[] args) {
    }

    private final JdbcTemplate jdbc;

    public BatchedWrites(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void add(String sql, Object... args) {
        if (!CurrentUnitOfWork.isStarted()) {
            jdbc.update(sql, args);
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        List<Write> writes = unitOfWork.getOrComputeResource(BatchedWrites.class.getName() + "@" + hashCode(), key -> {
            List<Write> pending = new ArrayList<>();
            unitOfWork.onPrepareCommit(u -> flush(pending));
            return pending;
        });
        writes.add(new Write(sql, args));
    }

    private void flush(List<Write> writes) {
        int from = 0;
        while (from < writes.size()) {
            String sql = writes.get(from).sql();
            int to = from;
            List<Object[]> run = new ArrayList<>();
            while (to < writes.size() && writes.get(to).sql().equals(sql)) {
                run.add(writes.get(to).args());
                to++;
            }
            jdbc.batchUpdate(sql, run);
            from = to;
        }
        writes.clear();
    }
}
