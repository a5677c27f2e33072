package de.pilotregistry.query.audit;

import de.pilotregistry.query.support.BadQuery;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Tamper evidence for auditors: checkpoints, proofs, verification (docs/audit-log.md). */
@RestController
@PreAuthorize("hasRole('AUDITOR')")
class AuditController {

    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private final AuditLog auditLog;
    private final AuditKey key;
    private final LogVerification verification;
    private final TransactionTemplate readOnly;

    AuditController(AuditLog auditLog, AuditKey key, LogVerification verification,
                    PlatformTransactionManager transactionManager) {
        this.auditLog = auditLog;
        this.key = key;
        this.verification = verification;
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
        // one snapshot: the tree size and the hashes read for a proof belong together
        this.readOnly.setIsolationLevel(TransactionTemplate.ISOLATION_REPEATABLE_READ);
    }

    record Key(String name, String algorithm, String keyId, String publicKey, String publicKeyPem,
               String verifierKey) {
    }

    /** @param timestamp the RFC 3161 token (DER, base64) when a time-stamping authority is configured */
    record LatestCheckpoint(long treeSize, String rootHash, Instant signedAt, String checkpoint, String timestamp) {
    }

    record InclusionProof(long position, long leafIndex, long treeSize, String leafHash, String rootHash,
                          List<String> auditPath) {
    }

    record ConsistencyProof(long from, long to, String fromRoot, String toRoot, List<String> proof) {
    }

    @GetMapping("/api/audit/checkpoints/key")
    Key key() {
        NoteVerifier verifier = key.get().verifier();
        return new Key(verifier.name(), "Ed25519", HexFormat.of().formatHex(verifier.keyId()),
                BASE64.encodeToString(verifier.publicKey()), verifier.publicKeyPem(), verifier.verifierKey());
    }

    @GetMapping(path = "/api/audit/checkpoints/latest", produces = MediaType.APPLICATION_JSON_VALUE)
    LatestCheckpoint latest() {
        AuditLog.StoredCheckpoint latest = latestStored();
        return new LatestCheckpoint(latest.treeSize(), BASE64.encodeToString(latest.rootHash()), latest.signedAt(),
                latest.note(), auditLog.timestampOf(latest.treeSize()).map(BASE64::encodeToString).orElse(null));
    }

    /** The signed note alone, to keep as a file. */
    @GetMapping(path = "/api/audit/checkpoints/latest", produces = MediaType.TEXT_PLAIN_VALUE)
    String latestNote() {
        return latestStored().note();
    }

    private AuditLog.StoredCheckpoint latestStored() {
        return auditLog.latestCheckpoint().orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No checkpoint has been signed yet."));
    }

    @GetMapping("/api/audit/proofs/inclusion")
    InclusionProof inclusion(@RequestParam long position, @RequestParam long treeSize) {
        return readOnly.execute(status -> {
            long size = auditLog.treeSize();
            requireTreeSize("treeSize", treeSize, 1, size);
            AuditLog.Leaf leaf = auditLog.leafAt(position).orElseThrow(() -> new ResponseStatusException(
                    HttpStatus.NOT_FOUND, "No event at position " + position + " is in the audit log (yet)."));
            if (leaf.index() >= treeSize) {
                throw new BadQuery("treeSize", "the event at position " + position + " is leaf " + leaf.index()
                        + ": it is in trees of size " + (leaf.index() + 1) + " and more");
            }
            MerkleTree.Subtrees tree = auditLog.subtrees();
            return new InclusionProof(position, leaf.index(), treeSize, BASE64.encodeToString(leaf.hash()),
                    BASE64.encodeToString(MerkleTree.root(tree, treeSize)),
                    encoded(MerkleTree.inclusionPath(tree, leaf.index(), treeSize)));
        });
    }

    @GetMapping("/api/audit/proofs/consistency")
    ConsistencyProof consistency(@RequestParam long from, @RequestParam long to) {
        return readOnly.execute(status -> {
            long size = auditLog.treeSize();
            requireTreeSize("to", to, 1, size);
            requireTreeSize("from", from, 1, to);
            MerkleTree.Subtrees tree = auditLog.subtrees();
            return new ConsistencyProof(from, to, BASE64.encodeToString(MerkleTree.root(tree, from)),
                    BASE64.encodeToString(MerkleTree.root(tree, to)),
                    encoded(MerkleTree.consistencyProof(tree, from, to)));
        });
    }

    @GetMapping("/api/audit/verify")
    LogVerification.Result verify() {
        return verification.verify(key.get().verifier(), null);
    }

    /** Also proves that the log as it is now extends a checkpoint the auditor kept (the note's text). */
    @PostMapping(path = "/api/audit/verify", consumes = MediaType.TEXT_PLAIN_VALUE)
    LogVerification.Result verify(@RequestBody String checkpoint) {
        Checkpoint kept = Checkpoint.parse(checkpoint);
        if (!kept.origin().equals(key.origin())) {
            throw new Checkpoint.Unreadable("the checkpoint is of log '" + kept.origin() + "', this is '"
                    + key.origin() + "'");
        }
        return verification.verify(key.get().verifier(), kept);
    }

    @ExceptionHandler(Checkpoint.Unreadable.class)
    ProblemDetail unreadable(Checkpoint.Unreadable e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                "The body is not a checkpoint of this log.");
        problem.setTitle("Invalid checkpoint");
        problem.setProperty("errors", List.of(Map.of("field", "checkpoint", "message", e.getMessage())));
        return problem;
    }

    private static void requireTreeSize(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new BadQuery(field, max < min ? "the log has no tree of this size yet (it has " + max + " leaves)"
                    : "must be between " + min + " and " + max);
        }
    }

    private static List<String> encoded(List<byte[]> hashes) {
        return hashes.stream().map(BASE64::encodeToString).toList();
    }
}
