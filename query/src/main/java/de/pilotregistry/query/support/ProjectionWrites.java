package de.pilotregistry.query.support;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * The read-table writes of one processor batch, sent as JDBC batches when the batch commits (in the same
 * transaction as the token update), in the order the events came.
 */
public final class ProjectionWrites {

    private record Write(String sql, Object[] args) {
    }

    private final JdbcTemplate jdbc;
    private final String resourceKey = ProjectionWrites.class.getName() + "@" + System.identityHashCode(this);

    public ProjectionWrites(JdbcTemplate jdbc) {
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
